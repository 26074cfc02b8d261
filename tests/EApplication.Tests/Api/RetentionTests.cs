using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.EApplication.Retention;
using SharedServices.Tenancy;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;
using static SharedServices.EApplication.Tests.Api.Steps;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// Personal data goes when the retention period (保存期間: 1095 days for water service) has run out
/// since the decision: the events as stored are masked, the snapshot cleared, the resident still sees
/// the application without its data, and the KPIs do not move. Time is moved with a clock of the test's.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class RetentionTests(EApplicationFixture fixture)
{
    private const string Kaneyama063614 = "063614";

    private (PersonalDataErasure Erasure, RetentionSchedule Schedule) At(TimeSpan ahead) => fixture.RetentionAt(ahead);

    /// <summary>
    /// Each event of the stream as stored, as the text of all its string values, the answers (JSON in a
    /// string, its non-ASCII escaped) unpacked: what a look at the database would find.
    /// </summary>
    private async Task<List<string>> StoredEventsAsync(string id)
    {
        var rows = await fixture.Database.QueryAsAppAsync<string>($"select data::text from public.mt_events where stream_id = '{id}' order by seq_id", Kaneyama063614);
        return [.. rows.Select(row => string.Join(" | ", Strings(JsonDocument.Parse(row).RootElement)))];
    }

    /// <summary>The application's snapshot document as stored.</summary>
    private async Task<string> SnapshotAsync(string id) =>
        (await fixture.Database.QueryAsAppAsync<string>($"select data::text from public.mt_doc_application where id = '{id}'", Kaneyama063614)).Single();

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String when element.GetString() is ['{', ..] json => Strings(JsonDocument.Parse(json).RootElement),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };

    [Fact]
    public async Task An_old_decided_application_loses_its_personal_data_and_the_kpis_stay_the_same()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var answers = ApplicationFlowTests.WaterStart();
        answers["name"] = "保存 期限子";
        answers["nameKana"] = "ホゾン キゲンコ";
        answers["address"] = "山形県最上郡金山町大字有屋999番地";
        var decided = await SubmitOnlineAsync(resident, answers);
        await Ok(await staff.PostAsJsonAsync($"/console/applications/{decided}/comments", new { text = "保存 期限子さんから電話あり。" }), HttpStatusCode.Created);
        await DecideAsync(staff, decided, "return", "保存 期限子 様: 住所をご確認ください。");
        await Ok(await resident.PutAsJsonAsync($"/applications/{decided}/answers", answers), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{decided}/submission", null));
        await DecideAsync(staff, decided, "approve", "保存 期限子 様の開栓を承りました。");
        var undecidedAnswers = ApplicationFlowTests.WaterStart();
        undecidedAnswers["name"] = "未決 のこる";
        var undecided = await SubmitOnlineAsync(resident, undecidedAnswers);
        var kpis = await Eventually.Until(() => KpiTests.WaterServiceAsync(staff), f => f is { Approved: > 0, Returned: > 0 } && f.Submitted >= 2,
            what: "the KPIs of the applications about to be erased");
        await Task.Delay(500); // let any message still in flight be counted before comparing
        kpis = await KpiTests.WaterServiceAsync(staff);
        Assert.Contains(await StoredEventsAsync(decided), e => e.Contains("有屋")); // the answers, before
        Assert.Contains(await StoredEventsAsync(decided), e => e.Contains(KaneyamaResident2)); // the address mails went to
        Assert.Contains(KaneyamaResident2, await SnapshotAsync(decided));

        // A day before the period runs out: nothing to erase yet.
        using (CurrentTenant.Change(Kaneyama063614))
        {
            await At(TimeSpan.FromDays(1094)).Erasure.EraseDueAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal("保存 期限子", (await resident.GetFromJsonAsync<JsonElement>($"/applications/{decided}")).GetProperty("answers").GetProperty("name").GetString());

        // A day after: the run in every town erases it.
        await At(TimeSpan.FromDays(1096)).Schedule.RunOnceAsync(TestContext.Current.CancellationToken);

        var stored = await StoredEventsAsync(decided);
        Assert.All(stored, e => Assert.DoesNotContain("保存", e));
        Assert.All(stored, e => Assert.DoesNotContain("有屋", e));
        Assert.All(stored, e => Assert.DoesNotContain("金山 三郎", e)); // the resident's account name
        Assert.All(stored, e => Assert.DoesNotContain("電話あり", e));
        Assert.All(stored, e => Assert.DoesNotContain(KaneyamaResident2, e));
        Assert.DoesNotContain(KaneyamaResident2, await SnapshotAsync(decided));
        Assert.Contains(stored, e => e.Contains("063614-")); // the receipt number stays
        var seen = await resident.GetFromJsonAsync<JsonElement>($"/applications/{decided}");
        Assert.Equal("Approved", seen.GetProperty("status").GetString());
        Assert.Empty(seen.GetProperty("answers").EnumerateObject());
        Assert.Equal(["started", "submitted", "returned", "resubmitted", "approved"], seen.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()));
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{decided}");
        Assert.Equal("", detail.GetProperty("applicantName").GetString());
        Assert.DoesNotContain("保存", detail.GetRawText());

        // The undecided one is kept whole, and the figures are what they were.
        Assert.Equal("未決 のこる", (await resident.GetFromJsonAsync<JsonElement>($"/applications/{undecided}")).GetProperty("answers").GetProperty("name").GetString());
        Assert.Contains(await StoredEventsAsync(undecided), e => e.Contains("未決 のこる"));
        Assert.Equal(kpis, await KpiTests.WaterServiceAsync(staff));

        // Erased once: a second run finds nothing more to do for it.
        using (CurrentTenant.Change(Kaneyama063614))
        {
            var due = await At(TimeSpan.FromDays(1096)).Erasure.FindDueAsync(DateTimeOffset.UtcNow.AddDays(1096), TestContext.Current.CancellationToken);
            Assert.DoesNotContain(due, d => d.Id == decided);
        }
    }

    [Fact]
    public async Task An_erased_applications_files_are_deleted_and_their_names_masked()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var id = await AttachmentTests.StartAsync(resident);
        var file = await AttachmentTests.UploadedIdAsync(resident, $"/applications/{id}/attachments", "estimate", AttachmentTests.Pdf, "application/pdf", "保存期限子_見積書.pdf");
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", AttachmentTests.Answers(file)), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{id}/submission", null));
        await DecideAsync(staff, id, "approve");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/console/applications/{id}/attachments/{file}")).StatusCode);

        await At(TimeSpan.FromDays(1826)).Schedule.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/console/applications/{id}/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/applications/{id}/attachments/{file}")).StatusCode);
        Assert.All(await StoredEventsAsync(id), e => Assert.DoesNotContain("保存期限子", e));
    }

    [Fact]
    public async Task Town_admins_see_what_is_erased_next_and_staff_do_not()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        await Ok(await admin.GetAsync("/console/retention/due?withinDays=30"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/console/retention/due?withinDays=400")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/console/retention/due")).StatusCode);
    }
}
