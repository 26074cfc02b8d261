using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// A resident's application from start to decision over HTTP, with real tokens: draft, submit (receipt
/// number), staff return it, the resident corrects it, staff approve it; and what each side may see.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class ApplicationFlowTests(EApplicationFixture fixture)
{
    public static JsonObject WaterStart(int daysAhead = 5) => new()
    {
        ["name"] = "金山 花子", ["nameKana"] = "カネヤマ ハナコ", ["phone"] = "0233-52-2111", ["service"] = "start",
        ["postalCode"] = "999-5402", ["address"] = "山形県最上郡金山町大字金山324番地1",
        ["startDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(daysAhead).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["payment"] = "directDebit",
    };

    [Fact]
    public async Task A_resident_submits_staff_return_it_the_resident_corrects_it_and_staff_approve_it()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        var started = await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString()!;
        var current = (await resident.GetFromJsonAsync<JsonElement>("/procedures")).EnumerateArray().Single(p => p.GetProperty("key").GetString() == "water-service");
        Assert.Equal(current.GetProperty("publishedVersion").GetInt32(), started.GetProperty("formVersion").GetInt32()); // pinned to the version published now
        var answers = WaterStart();
        answers["payment"] = "card";
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", answers), HttpStatusCode.NoContent);

        var submitted = await (await Ok(await resident.PostAsync($"/applications/{id}/submission", null))).Content.ReadFromJsonAsync<JsonElement>();
        var receipt = submitted.GetProperty("receiptNumber").GetString()!;
        Assert.Matches($@"^063614-{DateTime.UtcNow.AddHours(9).Year}-\d{{6}}$", receipt);

        // Staff: in the queue, assigned, returned with a reason the resident reads.
        var queue = await staff.GetFromJsonAsync<JsonElement>("/console/applications?procedure=water-service&status=submitted");
        Assert.Contains(queue.EnumerateArray(), a => a.GetProperty("id").GetString() == id && a.GetProperty("receiptNumber").GetString() == receipt);
        await Ok(await staff.PostAsJsonAsync($"/console/applications/{id}/assignment", new { }), HttpStatusCode.NoContent);
        await Ok(await staff.PostAsJsonAsync($"/console/applications/{id}/comments", new { text = "口座振替の方が確実。" }), HttpStatusCode.Created);
        await Ok(await staff.PostAsJsonAsync($"/console/applications/{id}/decision", new { outcome = "return", reason = "お支払い方法は口座振替か納付書をお選びください。" }), HttpStatusCode.NoContent);

        var returned = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        Assert.Equal("Returned", returned.GetProperty("status").GetString());
        Assert.Contains("口座振替", returned.GetProperty("reason").GetString());
        Assert.DoesNotContain("口座振替の方が確実", returned.GetRawText()); // internal comments stay internal

        answers["payment"] = "directDebit";
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", answers), HttpStatusCode.NoContent);
        var resubmitted = await (await Ok(await resident.PostAsync($"/applications/{id}/submission", null))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(receipt, resubmitted.GetProperty("receiptNumber").GetString()); // the same application, the same number

        await Ok(await staff.PostAsJsonAsync($"/console/applications/{id}/decision", new { outcome = "approve" }), HttpStatusCode.NoContent);

        var approved = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.Equal("directDebit", approved.GetProperty("answers").GetProperty("payment").GetString());
        Assert.Equal(["started", "submitted", "returned", "resubmitted", "approved"],
            approved.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()));
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}");
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("what").GetString() == "comment");
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync($"/console/applications/{id}/decision", new { outcome = "reject", reason = "x" })).StatusCode);

        // The approval other services learn of names the applicant by their account id (a points campaign
        // grants to it), never by name.
        var published = await fixture.Database.QueryAsAppAsync<string>($"select data::text from public.mt_events where stream_id = '{id}' and type = 'application_approved'", "063614");
        var approval = JsonDocument.Parse(Assert.Single(published)).RootElement;
        Assert.Equal(Subject(fixture.KaneyamaResidentToken), approval.GetProperty("ApplicantId").GetString());
        Assert.Equal(["ApplicantId", "ApplicationId", "DecidedAt", "ProcedureKey", "ReceiptNumber", "SubmittedAt", "TenantId"],
            approval.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Receipt_numbers_are_unique_per_town_under_concurrent_submissions()
    {
        var ids = new List<string>();
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        for (var i = 0; i < 12; i++)
        {
            var started = await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }), HttpStatusCode.Created))
                .Content.ReadFromJsonAsync<JsonElement>();
            var id = started.GetProperty("id").GetString()!;
            await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", WaterStart()), HttpStatusCode.NoContent);
            ids.Add(id);
        }

        var receipts = await Task.WhenAll(ids.Select(async id =>
        {
            using var client = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
            var submitted = await (await Ok(await client.PostAsync($"/applications/{id}/submission", null))).Content.ReadFromJsonAsync<JsonElement>();
            return submitted.GetProperty("receiptNumber").GetString()!;
        }));

        Assert.Equal(receipts.Length, receipts.Distinct().Count());
    }

    [Fact]
    public async Task A_resident_withdraws_before_a_decision_and_then_can_no_longer()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var id = (await (await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await Ok(await resident.PostAsync($"/applications/{id}/withdrawal", null), HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Conflict, (await resident.PostAsync($"/applications/{id}/withdrawal", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await resident.PostAsync($"/applications/{id}/submission", null)).StatusCode);
    }

    [Fact]
    public async Task Staff_apply_at_the_counter_for_a_resident_without_an_account_and_the_application_says_who_acted()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        var id = (await (await Ok(await staff.PostAsJsonAsync("/console/applications/counter", new { procedureKey = "water-service", applicantName = "最上 トメ" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var answers = WaterStart();
        answers["name"] = "最上 トメ";
        answers["nameKana"] = "モガミ トメ";
        await Ok(await staff.PutAsJsonAsync($"/console/applications/{id}/answers", answers), HttpStatusCode.NoContent);
        await Ok(await staff.PostAsync($"/console/applications/{id}/submission", null));

        var detail = await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}");
        Assert.Equal("counter", detail.GetProperty("channel").GetString());
        Assert.Equal("最上 トメ", detail.GetProperty("applicantName").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("applicantId").ValueKind);
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("actorName").GetString()));
        Assert.Equal("Submitted", detail.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Counter_applications_left_unfinished_are_listed_for_staff_and_residents_drafts_never_are()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var okuraStaff = fixture.Client(Okura, fixture.OkuraStaffToken);

        var counterDraft = (await (await Ok(await staff.PostAsJsonAsync("/console/applications/counter", new { procedureKey = "water-service", applicantName = "途中 ヨシ" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var residentDraft = (await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var drafts = (await staff.GetFromJsonAsync<JsonElement>("/console/applications?status=draft")).EnumerateArray().ToList();
        var listed = Assert.Single(drafts, a => a.GetProperty("id").GetString() == counterDraft);
        Assert.Equal(("Draft", "counter", "途中 ヨシ"), (listed.GetProperty("status").GetString(), listed.GetProperty("channel").GetString(), listed.GetProperty("applicantName").GetString()));
        Assert.All(drafts, a => Assert.Equal(("Draft", "counter"), (a.GetProperty("status").GetString(), a.GetProperty("channel").GetString())));
        Assert.DoesNotContain(drafts, a => a.GetProperty("id").GetString() == residentDraft);
        // Today's start is within a filter of today's date; the default queue holds no drafts at all.
        var today = Steps.Iso(Steps.TodayInJapan);
        Assert.Contains((await staff.GetFromJsonAsync<JsonElement>($"/console/applications?status=draft&from={today}&to={today}")).EnumerateArray(), a => a.GetProperty("id").GetString() == counterDraft);
        Assert.DoesNotContain((await staff.GetFromJsonAsync<JsonElement>("/console/applications")).EnumerateArray(), a => a.GetProperty("status").GetString() == "Draft");
        // Another town's staff see none of 金山町's.
        Assert.DoesNotContain((await okuraStaff.GetFromJsonAsync<JsonElement>("/console/applications?status=draft")).EnumerateArray(), a => a.GetProperty("id").GetString() == counterDraft);
    }
}
