using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.EApplication.Helpers;
using SharedServices.EventStore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Tenancy;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// Proxy application by a registered helper (代理申請): a resident of the town asks to become a helper,
/// staff approve (支援者番号), a resident authorises the helper by that code (委任), the helper applies for
/// them. Every way it can be refused — not registered, revoked, authorisation expired or revoked,
/// another town, another resident's application — refuses with a problem and changes nothing. Each
/// test opens its own accounts: a registration is one per account, and the tests share the service.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class HelperTests(EApplicationFixture fixture)
{
    private const string KaneyamaCode = "063614";
    private const string OkuraCode = "063657";

    /// <summary>A resident account of the town, signed in; verified with a My Number Card (IAL3) when asked.</summary>
    /// <summary>Each resident client's sign-in name, which is their mail address.</summary>
    private readonly Dictionary<HttpClient, string> _logins = [];

    private async Task<HttpClient> ResidentAsync(string name, bool verifiedWithCard = false, string town = KaneyamaCode)
    {
        var login = $"{Guid.NewGuid():N}@{town}.example";
        await fixture.Identity.OpenAccountAsync(login, AccountKind.Resident, town, name, Password);
        if (verifiedWithCard)
        {
            await using var scope = fixture.Identity.Host.Services.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<IdentityDatabase>();
            var account = await EntityFrameworkQueryableExtensions.SingleAsync(database.Accounts, a => a.LoginName == login, TestContext.Current.CancellationToken);
            account.Assure(IdentityAssurance.ByJpkiSignature("test-ca", Guid.NewGuid().ToString("N"), "test", DateTimeOffset.UtcNow));
            await database.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var client = fixture.Client(town == KaneyamaCode ? Kaneyama : Okura, await fixture.Identity.SignIn(login, Password));
        _logins[client] = login;
        return client;
    }

    private static async Task<string> RequestRegistrationAsync(HttpClient resident, string name, string organisation = "民生委員") =>
        (await (await Ok(await resident.PostAsJsonAsync("/helpers/registration", new { name, organisation }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    /// <summary>A registered helper of the town: asked, approved by the town's staff. The client and the helper's code.</summary>
    private async Task<(HttpClient Helper, string Id, string Code)> RegisteredHelperAsync(string name, bool verifiedWithCard = false, string town = KaneyamaCode)
    {
        var helper = await ResidentAsync(name, verifiedWithCard, town);
        var id = await RequestRegistrationAsync(helper, name);
        using var staff = town == KaneyamaCode ? fixture.Client(Kaneyama, fixture.KaneyamaStaffToken) : fixture.Client(Okura, fixture.OkuraStaffToken);
        var approved = await (await Ok(await staff.PostAsync($"/console/helpers/{id}/approval", null))).Content.ReadFromJsonAsync<JsonElement>();
        return (helper, id, approved.GetProperty("code").GetString()!);
    }

    private static async Task<string> AuthoriseAsync(HttpClient resident, string code, string? until = null) =>
        (await (await Ok(await resident.PostAsJsonAsync("/authorisations", new { helperCode = code, until }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    private static async Task<string> StartForAsync(HttpClient helper, string authorisationId, string procedureKey = "water-service") =>
        (await (await Ok(await helper.PostAsJsonAsync("/helping/applications", new { authorisationId, procedureKey }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    [Fact]
    public async Task A_registered_helper_applies_for_a_resident_who_authorised_them_and_everyone_sees_who_acted_for_whom()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var helper = await ResidentAsync("支援 一郎");
        using var resident = await ResidentAsync("委任 ハナ");

        // The helper asks; staff see the request pending and approve it: a six-digit code.
        var helperId = await RequestRegistrationAsync(helper, "支援 一郎", "金山町 民生委員");
        Assert.Equal("Pending", (await helper.GetFromJsonAsync<JsonElement>("/helpers/registration")).GetProperty("status").GetString());
        Assert.Contains((await staff.GetFromJsonAsync<JsonElement>("/console/helpers?status=pending")).EnumerateArray(), h => h.GetProperty("id").GetString() == helperId);
        var code = (await (await Ok(await staff.PostAsync($"/console/helpers/{helperId}/approval", null))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Assert.Matches("^[0-9]{6}$", code);
        var registration = await helper.GetFromJsonAsync<JsonElement>("/helpers/registration");
        Assert.Equal(("Registered", code), (registration.GetProperty("status").GetString(), registration.GetProperty("code").GetString()));

        // The resident authorises the helper by the code and sees whom they authorised.
        var granted = await (await Ok(await resident.PostAsJsonAsync("/authorisations", new { helperCode = code }), HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonElement>();
        var authorisationId = granted.GetProperty("id").GetString()!;
        Assert.Equal("支援 一郎", granted.GetProperty("helperName").GetString());
        Assert.Equal("金山町 民生委員", granted.GetProperty("helperOrganisation").GetString());
        Assert.Equal(Steps.TodayInJapan.AddYears(1), DateOnly.Parse(granted.GetProperty("until").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains((await resident.GetFromJsonAsync<JsonElement>("/authorisations")).EnumerateArray(), a => a.GetProperty("id").GetString() == authorisationId && a.GetProperty("active").GetBoolean());

        // The helper sees the resident, starts the renovation subsidy for them, attaches the estimate and submits.
        var residents = await helper.GetFromJsonAsync<JsonElement>("/helping/residents");
        Assert.Contains(residents.EnumerateArray(), r => r.GetProperty("authorisationId").GetString() == authorisationId && r.GetProperty("residentName").GetString() == "委任 ハナ");
        var id = await StartForAsync(helper, authorisationId, "renovation-subsidy");
        var estimate = await AttachmentTests.UploadedIdAsync(helper, $"/helping/applications/{id}/attachments", "estimate", AttachmentTests.Pdf, "application/pdf", "見積書.pdf");
        Assert.Equal(AttachmentTests.Pdf, await (await Ok(await helper.GetAsync($"/helping/applications/{id}/attachments/{estimate}"))).Content.ReadAsByteArrayAsync());
        await AssertProblem(await helper.GetAsync($"/helping/applications/{id}/attachments/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Ok(await helper.PutAsJsonAsync($"/helping/applications/{id}/answers", AttachmentTests.Answers(estimate)), HttpStatusCode.NoContent);
        var submitted = await (await Ok(await helper.PostAsync($"/helping/applications/{id}/submission", null))).Content.ReadFromJsonAsync<JsonElement>();
        var receipt = submitted.GetProperty("receiptNumber").GetString()!;
        Assert.Matches(@"^063614-\d{4}-\d{6}$", receipt);
        Assert.Contains((await helper.GetFromJsonAsync<JsonElement>("/helping/applications")).EnumerateArray(), a => a.GetProperty("id").GetString() == id && a.GetProperty("status").GetString() == "Submitted");

        // The receipt is mailed to the resident it was made for (the address they had when authorising), not to the helper.
        var receiptMail = Assert.Single(await fixture.Mail.WaitForMessagesTo(_logins[resident], 1));
        Assert.Contains(receipt, receiptMail.Text, StringComparison.Ordinal);
        Assert.Empty(fixture.Mail.MessagesTo(_logins[helper]));

        // The resident: it is theirs, made by the helper, and the history says so.
        var mine = (await resident.GetFromJsonAsync<JsonElement>("/applications")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal(("helper", "支援 一郎"), (mine.GetProperty("channel").GetString(), mine.GetProperty("actorName").GetString()));
        var view = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        Assert.Equal(receipt, view.GetProperty("receiptNumber").GetString());
        Assert.Equal([("started", "支援 一郎"), ("submitted", "支援 一郎")],
            view.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("what").GetString(), h.GetProperty("by").GetString())));
        Assert.Single((await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}/attachments")).EnumerateArray());

        // Staff: the channel and who acted, in the queue and the detail.
        var queued = (await staff.GetFromJsonAsync<JsonElement>("/console/applications?procedure=renovation-subsidy")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal(("helper", "委任 ハナ", "支援 一郎"), (queued.GetProperty("channel").GetString(), queued.GetProperty("applicantName").GetString(), queued.GetProperty("actorName").GetString()));
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}");
        Assert.Equal(authorisationId, detail.GetProperty("authorisationId").GetString());
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("what").GetString() == "started" && h.GetProperty("by").GetString() == "支援 一郎" && h.GetProperty("text").GetString() == "helper");

        // What other services learn: the channel, no names.
        var published = await fixture.Database.QueryAsAppAsync<string>($"select data::text from public.mt_events where stream_id = '{id}' and type = 'application_submitted'", KaneyamaCode);
        var submittedEvent = Assert.Single(published);
        Assert.Contains("\"helper\"", submittedEvent, StringComparison.Ordinal);
        Assert.DoesNotContain("支援", submittedEvent, StringComparison.Ordinal);
        Assert.DoesNotContain("委任", submittedEvent, StringComparison.Ordinal);

        // The resident fills in nothing themselves but may withdraw it.
        await AssertProblem(await resident.PutAsJsonAsync($"/applications/{id}/answers", AttachmentTests.Answers(estimate)), HttpStatusCode.NotFound);
        await Ok(await resident.PostAsync($"/applications/{id}/withdrawal", null), HttpStatusCode.NoContent);
        Assert.Equal("Withdrawn", (await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}")).GetProperty("status").GetString());
        Assert.Equal("Withdrawn", (await helper.GetFromJsonAsync<JsonElement>($"/helping/applications/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_resident_who_is_not_a_registered_helper_cannot_act_for_anyone()
    {
        using var resident = await ResidentAsync("委任 次郎");
        var (_, _, code) = await RegisteredHelperAsync("支援 二郎");
        var authorisationId = await AuthoriseAsync(resident, code);
        using var pending = await ResidentAsync("申請中 三郎");
        await RequestRegistrationAsync(pending, "申請中 三郎");
        var before = await resident.GetStringAsync("/applications");

        foreach (var notHelper in new[] { pending, fixture.Client(Kaneyama, fixture.KaneyamaResident2Token) })
        {
            await AssertProblem(await notHelper.GetAsync("/helping/residents"), HttpStatusCode.Forbidden);
            await AssertProblem(await notHelper.GetAsync("/helping/applications"), HttpStatusCode.Forbidden);
            // Someone else's authorisation id does not make them a helper.
            await AssertProblem(await notHelper.PostAsJsonAsync("/helping/applications", new { authorisationId, procedureKey = "water-service" }), HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await resident.GetStringAsync("/applications"));
    }

    [Fact]
    public async Task Once_staff_revoke_the_helper_every_step_is_refused_and_nothing_changes()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var resident = await ResidentAsync("委任 四郎");
        var (helper, helperId, code) = await RegisteredHelperAsync("支援 四郎");
        var authorisationId = await AuthoriseAsync(resident, code);
        var id = await StartForAsync(helper, authorisationId);

        await Ok(await staff.PostAsJsonAsync($"/console/helpers/{helperId}/revocation", new { reason = "転居のため" }), HttpStatusCode.NoContent);

        await AssertProblem(await helper.PutAsJsonAsync($"/helping/applications/{id}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.Forbidden);
        await AssertProblem(await helper.PostAsync($"/helping/applications/{id}/submission", null), HttpStatusCode.Forbidden);
        await AssertProblem(await helper.GetAsync($"/helping/applications/{id}"), HttpStatusCode.Forbidden);
        await AssertProblem(await helper.PostAsJsonAsync("/helping/applications", new { authorisationId, procedureKey = "water-service" }), HttpStatusCode.Forbidden);
        await AssertProblem(await helper.GetAsync("/helping/residents"), HttpStatusCode.Forbidden);
        var stored = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        Assert.Equal(("Draft", "{}"), (stored.GetProperty("status").GetString(), stored.GetProperty("answers").GetRawText()));
        Assert.Single((await resident.GetFromJsonAsync<JsonElement>("/applications")).EnumerateArray());
        // Its code no longer authorises anyone, nor is it given again.
        using var another = await ResidentAsync("委任 五子");
        await AssertProblem(await another.PostAsJsonAsync("/authorisations", new { helperCode = code }), HttpStatusCode.BadRequest, "helperCode");
        Assert.Equal("Revoked", (await helper.GetFromJsonAsync<JsonElement>("/helpers/registration")).GetProperty("status").GetString());
        await AssertProblem(await staff.PostAsync($"/console/helpers/{helperId}/approval", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Once_the_resident_revokes_the_authorisation_the_helper_can_no_longer_act_or_see()
    {
        using var resident = await ResidentAsync("委任 六郎");
        var (helper, _, code) = await RegisteredHelperAsync("支援 六郎");
        var authorisationId = await AuthoriseAsync(resident, code);
        var id = await StartForAsync(helper, authorisationId);
        await Ok(await helper.PutAsJsonAsync($"/helping/applications/{id}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.NoContent);

        await Ok(await resident.PostAsync($"/authorisations/{authorisationId}/revocation", null), HttpStatusCode.NoContent);

        await AssertProblem(await helper.PostAsync($"/helping/applications/{id}/submission", null), HttpStatusCode.Forbidden);
        await AssertProblem(await helper.PutAsJsonAsync($"/helping/applications/{id}/answers", new { name = "書き換え" }), HttpStatusCode.Forbidden);
        await AssertProblem(await helper.PostAsJsonAsync("/helping/applications", new { authorisationId, procedureKey = "water-service" }), HttpStatusCode.Forbidden);
        Assert.Empty((await helper.GetFromJsonAsync<JsonElement>("/helping/residents")).EnumerateArray());
        Assert.Empty((await helper.GetFromJsonAsync<JsonElement>("/helping/applications")).EnumerateArray());
        var stored = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        Assert.Equal("Draft", stored.GetProperty("status").GetString());
        Assert.Equal("金山 花子", stored.GetProperty("answers").GetProperty("name").GetString());
        Assert.False((await resident.GetFromJsonAsync<JsonElement>("/authorisations")).EnumerateArray().Single().GetProperty("active").GetBoolean());
        await AssertProblem(await resident.PostAsync($"/authorisations/{authorisationId}/revocation", null), HttpStatusCode.Conflict);
        // The resident can authorise the same helper again: a new authorisation, the old one stays ended.
        var again = await AuthoriseAsync(resident, code);
        Assert.NotEqual(authorisationId, again);
        await AssertProblem(await helper.PostAsync($"/helping/applications/{id}/submission", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_expired_authorisation_lets_the_helper_do_nothing()
    {
        using var resident = await ResidentAsync("委任 七子");
        var (helper, _, code) = await RegisteredHelperAsync("支援 七子");
        var current = await AuthoriseAsync(resident, code);
        var expired = await ArrangeExpiredCopyAsync(current);
        await Ok(await resident.PostAsync($"/authorisations/{current}/revocation", null), HttpStatusCode.NoContent);

        await AssertProblem(await helper.PostAsJsonAsync("/helping/applications", new { authorisationId = expired, procedureKey = "water-service" }), HttpStatusCode.Forbidden);

        Assert.Empty((await helper.GetFromJsonAsync<JsonElement>("/helping/residents")).EnumerateArray());
        Assert.Empty((await resident.GetFromJsonAsync<JsonElement>("/applications")).EnumerateArray());
        Assert.Contains((await resident.GetFromJsonAsync<JsonElement>("/authorisations")).EnumerateArray(), a => a.GetProperty("id").GetString() == expired && !a.GetProperty("active").GetBoolean());
    }

    /// <summary>Arranges history: the same authorisation as <paramref name="id"/>, granted 400 days ago and run out yesterday.</summary>
    private async Task<string> ArrangeExpiredCopyAsync(string id)
    {
        var store = fixture.Service.Services.GetRequiredService<IDocumentStore>();
        using var town = CurrentTenant.Change(KaneyamaCode);
        await using var session = store.OpenTenantSession();
        var a = await session.LoadAsync<Authorisation>(id, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException("no authorisation " + id);
        var expired = Guid.NewGuid().ToString("N");
        session.Events.StartStream<Authorisation>(expired, new AuthorisationGranted(
            expired, a.ResidentId, a.ResidentName, a.ResidentAssurance, a.HelperId, a.HelperAccountId, a.HelperName, a.HelperOrganisation, a.HelperCode,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(-400)));
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        return expired;
    }

    [Fact]
    public async Task A_helper_cannot_touch_another_residents_application_nor_another_helpers()
    {
        using var resident = await ResidentAsync("委任 八郎");
        using var other = await ResidentAsync("他人 八子");
        var (helper, _, code) = await RegisteredHelperAsync("支援 八郎");
        var (otherHelper, _, otherCode) = await RegisteredHelperAsync("支援 九郎");
        await AuthoriseAsync(resident, code);
        var othersAuthorisation = await AuthoriseAsync(other, otherCode);
        var otherResidentsOwn = await Steps.SubmitOnlineAsync(other);
        var otherHelpers = await StartForAsync(otherHelper, othersAuthorisation, "renovation-subsidy");
        var othersFile = await AttachmentTests.UploadedIdAsync(otherHelper, $"/helping/applications/{otherHelpers}/attachments", "estimate", AttachmentTests.Pdf, "application/pdf", "見積書.pdf");
        var before = await other.GetStringAsync("/applications");
        await AssertProblem(await helper.GetAsync($"/helping/applications/{otherHelpers}/attachments/{othersFile}"), HttpStatusCode.NotFound);

        foreach (var id in new[] { otherResidentsOwn, otherHelpers })
        {
            await AssertProblem(await helper.GetAsync($"/helping/applications/{id}"), HttpStatusCode.NotFound);
            await AssertProblem(await helper.PutAsJsonAsync($"/helping/applications/{id}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.NotFound);
            await AssertProblem(await helper.PostAsync($"/helping/applications/{id}/submission", null), HttpStatusCode.NotFound);
            await AssertProblem(await AttachmentTests.UploadAsync(helper, $"/helping/applications/{id}/attachments", "estimate", AttachmentTests.Pdf, "application/pdf"), HttpStatusCode.NotFound);
        }
        // An authorisation given to another helper is not theirs to use.
        await AssertProblem(await helper.PostAsJsonAsync("/helping/applications", new { authorisationId = othersAuthorisation, procedureKey = "water-service" }), HttpStatusCode.NotFound);
        // Nor may the other resident read what was made for someone else.
        await AssertProblem(await resident.GetAsync($"/applications/{otherHelpers}"), HttpStatusCode.NotFound);

        Assert.Equal(before, await other.GetStringAsync("/applications"));
        Assert.DoesNotContain(otherHelpers, await helper.GetStringAsync("/helping/applications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_or_a_resident_of_another_town_gets_nowhere_in_this_one()
    {
        using var kaneyamaResident = await ResidentAsync("委任 十郎");
        var (kaneyamaHelper, kaneyamaHelperId, kaneyamaCode) = await RegisteredHelperAsync("支援 十郎");
        var authorisationId = await AuthoriseAsync(kaneyamaResident, kaneyamaCode);
        var id = await StartForAsync(kaneyamaHelper, authorisationId);
        var (okuraHelper, _, okuraCode) = await RegisteredHelperAsync("大蔵 支援", town: OkuraCode);
        using var okuraResident = await ResidentAsync("大蔵 委任", town: OkuraCode);
        using var okuraStaff = fixture.Client(Okura, fixture.OkuraStaffToken);

        // Another town's helper code means nothing here (codes are per town), and this town's nothing there.
        if (okuraCode != kaneyamaCode)
        {
            await AssertProblem(await kaneyamaResident.PostAsJsonAsync("/authorisations", new { helperCode = okuraCode }), HttpStatusCode.BadRequest, "helperCode");
            await AssertProblem(await okuraResident.PostAsJsonAsync("/authorisations", new { helperCode = kaneyamaCode }), HttpStatusCode.BadRequest, "helperCode");
        }
        // Tokens of 大蔵村 at 金山町's address: refused before anything is looked at.
        foreach (var okura in new[] { okuraHelper, okuraResident })
        {
            using var there = fixture.Client(Kaneyama, okura.DefaultRequestHeaders.Authorization!.Parameter);
            Assert.Equal(HttpStatusCode.Forbidden, (await there.PostAsJsonAsync("/authorisations", new { helperCode = kaneyamaCode })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await there.PostAsJsonAsync("/helping/applications", new { authorisationId, procedureKey = "water-service" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await there.GetAsync($"/helping/applications/{id}")).StatusCode);
        }
        // At their own address, 大蔵村 finds none of it.
        await AssertProblem(await okuraHelper.PostAsJsonAsync("/helping/applications", new { authorisationId, procedureKey = "water-service" }), HttpStatusCode.NotFound);
        await AssertProblem(await okuraHelper.GetAsync($"/helping/applications/{id}"), HttpStatusCode.NotFound);
        await AssertProblem(await okuraStaff.PostAsync($"/console/helpers/{kaneyamaHelperId}/approval", null), HttpStatusCode.NotFound);
        await AssertProblem(await okuraStaff.PostAsJsonAsync($"/console/helpers/{kaneyamaHelperId}/revocation", new { }), HttpStatusCode.NotFound);
        Assert.DoesNotContain(kaneyamaHelperId, await okuraStaff.GetStringAsync("/console/helpers"), StringComparison.Ordinal);
        Assert.Empty((await okuraHelper.GetFromJsonAsync<JsonElement>("/helping/residents")).EnumerateArray());
        Assert.Equal("Draft", (await kaneyamaHelper.GetFromJsonAsync<JsonElement>($"/helping/applications/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_assurance_a_form_requires_is_the_residents_recorded_level_never_the_helpers()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var adopted = await admin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "child-allowance" });
        Assert.True(adopted.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        if (adopted.StatusCode == HttpStatusCode.Created)
        {
            await Ok(await admin.PostAsync("/console/procedures/child-allowance/publications", null), HttpStatusCode.Created);
        }
        // 児童手当 needs IAL3 (マイナンバーカード).
        var (verifiedHelper, _, verifiedHelpersCode) = await RegisteredHelperAsync("確認済 支援", verifiedWithCard: true);
        using var unverifiedResident = await ResidentAsync("未確認 住民");
        var (unverifiedHelper, _, unverifiedHelpersCode) = await RegisteredHelperAsync("未確認 支援");
        using var verifiedResident = await ResidentAsync("確認済 住民", verifiedWithCard: true);

        var refused = await verifiedHelper.PostAsJsonAsync("/helping/applications",
            new { authorisationId = await AuthoriseAsync(unverifiedResident, verifiedHelpersCode), procedureKey = "child-allowance" });
        var started = await unverifiedHelper.PostAsJsonAsync("/helping/applications",
            new { authorisationId = await AuthoriseAsync(verifiedResident, unverifiedHelpersCode), procedureKey = "child-allowance" });

        await AssertProblem(refused, HttpStatusCode.Forbidden);
        Assert.Contains("ご本人の本人確認", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await unverifiedResident.GetFromJsonAsync<JsonElement>("/applications")).EnumerateArray());
        await Ok(started, HttpStatusCode.Created);
        Assert.Single((await verifiedResident.GetFromJsonAsync<JsonElement>("/applications")).EnumerateArray());
    }

    public static TheoryData<string, string?> BadRegistrations => new()
    {
        { """{"name":"","organisation":"民生委員"}""", "name" },
        { """{"name":"  ","organisation":"民生委員"}""", "name" },
        { $$"""{"name":"{{new string('あ', 101)}}","organisation":"民生委員"}""", "name" },
        { """{"name":"支援 太郎"}""", "organisation" },
        { $$"""{"name":"支援 太郎","organisation":"{{new string('x', 101)}}"}""", "organisation" },
        { """{"name":42,"organisation":"民生委員"}""", null },
        { """{"name":"支援 太郎",""", null },
        { "not json", null },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_registration_request_with_bad_input_is_400_and_stores_nothing(string body, string? field)
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);

        var response = await resident.PostAsync("/helpers/registration", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
        await AssertProblem(await resident.GetAsync("/helpers/registration"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"helperCode":"12345"}""", "helperCode")]
    [InlineData("""{"helperCode":"１２３４５６"}""", "helperCode")]
    [InlineData("""{"helperCode":""}""", "helperCode")]
    [InlineData("""{"until":"2099-01-01"}""", "helperCode")]
    [InlineData("""{"helperCode":"{code}","until":"2020-01-01"}""", "until")]
    [InlineData("""{"helperCode":"{code}","until":"2099-01-01"}""", "until")]
    [InlineData("""{"helperCode":"{code}","until":"next year"}""", null)]
    [InlineData("""{"helperCode":123456}""", null)]
    [InlineData("""{"helperCode":""", null)]
    public async Task An_authorisation_with_bad_input_is_400_and_stores_nothing(string body, string? field)
    {
        var (_, _, code) = await RegisteredHelperAsync("支援 不正");
        using var resident = await ResidentAsync("委任 不正");

        var response = await resident.PostAsync("/authorisations", new StringContent(body.Replace("{code}", code, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
        Assert.Empty((await resident.GetFromJsonAsync<JsonElement>("/authorisations")).EnumerateArray());
    }

    [Fact]
    public async Task Unknown_codes_and_ids_and_a_second_request_are_problems_that_change_nothing()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var (helper, helperId, code) = await RegisteredHelperAsync("支援 重複");
        using var resident = await ResidentAsync("委任 重複");
        await AuthoriseAsync(resident, code);
        var unknownCode = code == "999999" ? "999998" : "999999";

        await AssertProblem(await resident.PostAsJsonAsync("/authorisations", new { helperCode = unknownCode }), HttpStatusCode.BadRequest, "helperCode");
        await AssertProblem(await resident.PostAsJsonAsync("/authorisations", new { helperCode = code }), HttpStatusCode.Conflict);
        await AssertProblem(await helper.PostAsJsonAsync("/authorisations", new { helperCode = code }), HttpStatusCode.BadRequest, "helperCode"); // themselves
        await AssertProblem(await resident.PostAsync($"/authorisations/{Guid.NewGuid():N}/revocation", null), HttpStatusCode.NotFound);
        await AssertProblem(await helper.PostAsJsonAsync("/helpers/registration", new { name = "支援 重複", organisation = "民生委員" }), HttpStatusCode.Conflict);
        await AssertProblem(await helper.PostAsJsonAsync("/helping/applications", new { authorisationId = Guid.NewGuid().ToString("N"), procedureKey = "water-service" }), HttpStatusCode.NotFound);
        await AssertProblem(await staff.PostAsync($"/console/helpers/{helperId}/approval", null), HttpStatusCode.Conflict);
        await AssertProblem(await staff.PostAsync("/console/helpers/no-such-helper/approval", null), HttpStatusCode.NotFound);
        await AssertProblem(await staff.GetAsync("/console/helpers?status=lost"), HttpStatusCode.BadRequest, "status");
        await AssertProblem(await staff.PostAsJsonAsync($"/console/helpers/{helperId}/revocation", new { reason = new string('x', 2001) }), HttpStatusCode.BadRequest, "reason");
        Assert.Single((await resident.GetFromJsonAsync<JsonElement>("/authorisations")).EnumerateArray());
        Assert.Equal(("Registered", code), await RegistrationAsync(helper));
        // Residents cannot use the helpers' console.
        await AssertProblem(await resident.GetAsync("/console/helpers"), HttpStatusCode.Forbidden);
    }

    private static async Task<(string?, string?)> RegistrationAsync(HttpClient helper)
    {
        var registration = await helper.GetFromJsonAsync<JsonElement>("/helpers/registration");
        return (registration.GetProperty("status").GetString(), registration.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_ended_authorisation_loses_the_residents_name_and_address_once_nothing_done_under_it_is_kept()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var (helper, _, code) = await RegisteredHelperAsync("支援 保存");
        using var helperClient = helper;
        var (unusedHelper, _, unusedCode) = await RegisteredHelperAsync("支援 未使用");
        unusedHelper.Dispose(); // registered only to be authorised, never acting
        using var resident = await ResidentAsync("委任 消去子");
        var address = _logins[resident];

        // One authorisation is used for an application, which staff decide; the other is never used. Both are taken back.
        var used = await AuthoriseAsync(resident, code);
        var unused = await AuthoriseAsync(resident, unusedCode);
        var id = await StartForAsync(helper, used);
        await Ok(await helper.PutAsJsonAsync($"/helping/applications/{id}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.NoContent);
        await Ok(await helper.PostAsync($"/helping/applications/{id}/submission", null));
        await Steps.DecideAsync(staff, id, "approve");
        await Ok(await resident.PostAsync($"/authorisations/{used}/revocation", null), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/authorisations/{unused}/revocation", null), HttpStatusCode.NoContent);
        Assert.Contains(await StoredAsync(used), e => e.Contains("委任 消去子") && e.Contains(address));

        // The next run: the unused one goes at once; the used one stays while its application is kept.
        using (CurrentTenant.Change(KaneyamaCode))
        {
            await fixture.RetentionAt(TimeSpan.FromDays(1)).Erasure.EraseDueAsync(TestContext.Current.CancellationToken);
        }
        Assert.All(await StoredAsync(unused), e => Assert.False(e.Contains("委任 消去子") || e.Contains(address), e));
        Assert.Contains(await StoredAsync(used), e => e.Contains("委任 消去子"));

        // After the application's retention period both it and the authorisation it was made under are erased.
        await fixture.RetentionAt(TimeSpan.FromDays(1096)).Schedule.RunOnceAsync(TestContext.Current.CancellationToken);
        Assert.All(await StoredAsync(used), e => Assert.False(e.Contains("委任 消去子") || e.Contains(address), e));
        var mine = (await resident.GetFromJsonAsync<JsonElement>("/authorisations", TestContext.Current.CancellationToken)).EnumerateArray().ToList();
        Assert.Equal(["支援 保存", "支援 未使用"], mine.Where(a => a.GetProperty("id").GetString() is var x && (x == used || x == unused))
            .Select(a => a.GetProperty("helperName").GetString()).Order());
    }

    /// <summary>An authorisation's events as stored, as text: what a look at the database would find.</summary>
    private async Task<List<string>> StoredAsync(string authorisationId) =>
        [.. await fixture.Database.QueryAsAppAsync<string>($"select data::text from public.mt_events where stream_id = '{authorisationId}' order by seq_id", KaneyamaCode)];
}
