using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// No path leads from one town to another's applications, nor from one resident to another's; bad
/// input is a 4xx problem that names what is wrong and changes nothing.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class IsolationAndBadInputTests(EApplicationFixture fixture)
{
    private async Task<string> SubmittedApplicationAsync()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        return await Steps.SubmitOnlineAsync(resident);
    }

    public static TheoryData<string, string> EveryEndpoint => new()
    {
        { "GET", "/procedures" },
        { "GET", "/procedures/water-service" },
        { "POST", "/applications" },
        { "GET", "/applications" },
        { "GET", "/applications/{id}" },
        { "PUT", "/applications/{id}/answers" },
        { "POST", "/applications/{id}/submission" },
        { "POST", "/applications/{id}/withdrawal" },
        { "GET", "/console/applications" },
        { "GET", "/console/applications/{id}" },
        { "POST", "/console/applications/{id}/assignment" },
        { "POST", "/console/applications/{id}/decision" },
        { "POST", "/console/applications/{id}/comments" },
        { "POST", "/console/applications/counter" },
        { "GET", "/console/procedures" },
        { "POST", "/console/procedures/adoptions" },
        { "POST", "/console/procedures/water-service/publications" },
        { "GET", "/console/templates" },
        { "POST", "/helpers/registration" },
        { "GET", "/helpers/registration" },
        { "GET", "/console/helpers" },
        { "POST", "/console/helpers/{id}/approval" },
        { "POST", "/console/helpers/{id}/revocation" },
        { "POST", "/authorisations" },
        { "GET", "/authorisations" },
        { "POST", "/authorisations/{id}/revocation" },
        { "GET", "/helping/residents" },
        { "GET", "/helping/applications" },
        { "POST", "/helping/applications" },
        { "GET", "/helping/applications/{id}" },
        { "PUT", "/helping/applications/{id}/answers" },
        { "POST", "/helping/applications/{id}/submission" },
        { "GET", "/helping/applications/{id}/attachments" },
        { "GET", "/helping/applications/{id}/attachments/{id}" },
    };

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task A_token_of_another_town_is_refused_on_every_endpoint(string method, string path)
    {
        var id = await SubmittedApplicationAsync();
        foreach (var token in new[] { fixture.OkuraResidentToken, fixture.OkuraStaffToken })
        {
            using var okura = fixture.Client(Kaneyama, token);
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal))
            {
                Content = method == "GET" ? null : JsonContent.Create(new { }),
            };

            var response = await okura.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        Assert.Equal("Submitted", (await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_towns_staff_at_their_own_address_do_not_find_this_towns_application()
    {
        var id = await SubmittedApplicationAsync();
        using var okuraStaff = fixture.Client(Okura, fixture.OkuraStaffToken);

        Assert.Equal(HttpStatusCode.NotFound, (await okuraStaff.GetAsync($"/console/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await okuraStaff.PostAsJsonAsync($"/console/applications/{id}/decision", new { outcome = "approve" })).StatusCode);
        Assert.DoesNotContain(id, await okuraStaff.GetStringAsync("/console/applications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_resident_of_the_same_town_finds_nothing_and_changes_nothing()
    {
        var id = await SubmittedApplicationAsync();
        using var other = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/applications/{id}/withdrawal", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/applications/{id}/answers", new { name = "x" })).StatusCode);
        Assert.DoesNotContain(id, await other.GetStringAsync("/applications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Residents_cannot_use_the_console_and_staff_cannot_apply_as_residents()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/console/applications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "bulky-waste" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/applications", new { procedureKey = "water-service" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "bulky-waste" })).StatusCode); // staff, not admin
    }

    [Fact]
    public async Task No_token_is_401_and_a_town_without_the_service_is_404()
    {
        using var anonymous = fixture.Client(Kaneyama, null);
        var login = $"{Guid.NewGuid():N}@oguni.example";
        await fixture.Identity.OpenAccountAsync(login, Identity.Accounts.AccountKind.Resident, "064017", "小国 四郎", Password);
        using var oguni = fixture.Client(Oguni, await fixture.Identity.SignIn(login, Password));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/procedures")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/applications", new { procedureKey = "water-service" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await oguni.GetAsync("/procedures")).StatusCode);
    }

    [Fact]
    public async Task A_procedure_needing_a_verified_identity_refuses_a_resident_below_it_saying_how_to_reach_it()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var adopted = await admin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "child-allowance" });
        Assert.True(adopted.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        if (adopted.StatusCode == HttpStatusCode.Created)
        {
            await Ok(await admin.PostAsync("/console/procedures/child-allowance/publications", null), HttpStatusCode.Created);
        }
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);

        var refused = await resident.PostAsJsonAsync("/applications", new { procedureKey = "child-allowance" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("マイナンバーカード", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"procedureKey":"no-such-form"}""", "procedureKey")]
    [InlineData("""{"procedureKey":""}""", "procedureKey")]
    [InlineData("""{"procedure":"water-service"}""", null)]
    [InlineData("""{"procedureKey":42}""", null)]
    [InlineData("""not json""", null)]
    public async Task Starting_with_bad_input_is_400(string body, string? field)
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var before = await resident.GetStringAsync("/applications");

        var response = await resident.PostAsync("/applications", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        }
        Assert.Equal(before, await resident.GetStringAsync("/applications"));
    }

    [Fact]
    public async Task A_submission_missing_a_required_field_or_with_wrong_types_names_each_field_and_stays_a_draft()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var id = (await (await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var answers = ApplicationFlowTests.WaterStart();
        answers.Remove("phone");
        answers["postalCode"] = 9995402;
        answers["startDate"] = "2020-01-01";
        answers["name"] = "<script>alert(1)</script>";
        await Ok(await resident.PutAsJsonAsync($"/applications/{id}/answers", answers), HttpStatusCode.NoContent);

        var response = await resident.PostAsync($"/applications/{id}/submission", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("phone", out _));
        Assert.True(errors.TryGetProperty("postalCode", out _));
        Assert.True(errors.TryGetProperty("startDate", out _));
        var stored = await resident.GetFromJsonAsync<JsonElement>($"/applications/{id}");
        Assert.Equal("Draft", stored.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("receiptNumber").ValueKind);
        Assert.Equal("<script>alert(1)</script>", stored.GetProperty("answers").GetProperty("name").GetString()); // kept as text, as typed
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"name\": ")]
    public async Task Answers_that_are_not_a_JSON_object_are_400(string body)
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var id = (await (await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var response = await resident.PutAsync($"/applications/{id}/answers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"outcome":"maybe"}""", "outcome")]
    [InlineData("""{"outcome":"reject"}""", "reason")]
    [InlineData("""{"outcome":"return","reason":"  "}""", "reason")]
    public async Task A_decision_with_bad_input_is_400_and_decides_nothing(string body, string field)
    {
        var id = await SubmittedApplicationAsync();
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        var response = await staff.PostAsync($"/console/applications/{id}/decision", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal("Submitted", (await staff.GetFromJsonAsync<JsonElement>($"/console/applications/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("status=lost")]
    [InlineData("status=9")]
    [InlineData("from=yesterday")]
    public async Task A_queue_filter_with_bad_values_is_400(string query)
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/console/applications?{query}")).StatusCode);
    }
}
