using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>The prefecture operator's API: onboarding, profile, services and lifecycle of towns.</summary>
public sealed class OnboardingApiTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>
{
    private readonly HttpClient _operator = fixture.Operator;

    [Fact]
    public async Task Onboarding_a_town_fills_its_Japanese_name_from_the_national_list()
    {
        var response = await _operator.Onboard("063614", "kaneyama", "Kaneyama Town", PlatformServices.EApplication);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var town = await response.Content.ReadFromJsonAsync<TenantSnapshot>();
        Assert.Equal("金山町", town!.NameJa);
        Assert.Equal(TenantStatuses.Active, town.Status);
        Assert.Equal([PlatformServices.EApplication], town.EnabledServices);
        var stored = await _operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063614");
        Assert.Equal("kaneyama", stored!.Slug);
    }

    [Fact]
    public async Task A_town_missing_from_the_list_is_onboarded_with_names_typed_in()
    {
        var code = OperatorCalls.UnlistedCode(1);
        var response = await _operator.PostAsJsonAsync("/operator/municipalities",
            new { code, slug = "shinmachi", nameJa = "新町", nameEn = "Shinmachi Town" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("新町", (await response.Content.ReadFromJsonAsync<TenantSnapshot>())!.NameJa);
    }

    [Theory]
    [InlineData("06361", "exactly 6 digits")]
    [InlineData("06361A", "digits only")]
    [InlineData("063615", "check digit")]            // 金山町 is 063614
    [InlineData("131016", "not a municipality of this prefecture")] // 千代田区, 東京都
    [InlineData("060003", "not a town")]             // 山形県 itself
    public async Task A_bad_code_is_refused_naming_the_code_and_nothing_is_stored(string code, string reason)
    {
        var response = await _operator.Onboard(code, "badcode" + code.Length);

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("code")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/operator/municipalities/{code}")).StatusCode);
    }

    [Theory]
    [InlineData("K")]
    [InlineData("Kaneyama")]
    [InlineData("kane yama")]
    [InlineData("-kane")]
    [InlineData("kane--yama")]
    [InlineData("admin")]
    [InlineData("<script>")]
    public async Task A_bad_slug_is_refused(string slug)
    {
        var code = OperatorCalls.UnlistedCode(2);
        var response = await _operator.PostAsJsonAsync("/operator/municipalities", new { code, slug, nameJa = "町", nameEn = "Town" });

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("slug", out _));
    }

    [Fact]
    public async Task The_same_town_cannot_be_onboarded_twice()
    {
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard("063622", "mogami")).StatusCode);

        var again = await _operator.Onboard("063622", "mogami2");

        await AssertProblem(again, HttpStatusCode.Conflict);
        Assert.Equal("mogami", (await _operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063622"))!.Slug);
    }

    [Fact]
    public async Task Two_towns_cannot_share_a_slug()
    {
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard("063631", "funagata")).StatusCode);

        var response = await _operator.Onboard("063649", "funagata");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("already used", problem.GetProperty("errors").GetProperty("slug")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync("/operator/municipalities/063649")).StatusCode);
    }

    [Theory]
    [InlineData("""{"code":"063657","slug":"okura","nameEn":"Okura","isAdmin":true}""", "isAdmin")]
    [InlineData("""{"code":"063657","slug":"okura","nameEn":"Okura""", null)]
    [InlineData("""{"code":63657,"slug":"okura","nameEn":"Okura"}""", "code")]
    [InlineData("""{"code":"063657","nameEn":"Okura"}""", "slug")]
    [InlineData("""{"code":"063657","slug":null,"nameEn":"Okura"}""", "slug")]
    [InlineData("""[]""", null)]
    public async Task Malformed_or_unexpected_JSON_is_a_400_and_nothing_is_stored(string body, string? mentioned)
    {
        var response = await _operator.PostAsync("/operator/municipalities", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        if (mentioned is not null)
        {
            Assert.Contains(mentioned, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync("/operator/municipalities/063657")).StatusCode);
    }

    [Fact]
    public async Task A_huge_body_is_refused_with_413()
    {
        var huge = JsonSerializer.Serialize(new { code = "063665", slug = "sakegawa", nameEn = new string('x', 400_000) });

        var response = await _operator.PostAsync("/operator/municipalities", new StringContent(huge, Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync("/operator/municipalities/063665")).StatusCode);
    }

    [Fact]
    public async Task Bad_branding_and_unknown_services_are_named()
    {
        var response = await _operator.PostAsJsonAsync("/operator/municipalities", new
        {
            code = "063673",
            slug = "tozawa",
            nameEn = "Tozawa Village",
            branding = new { primaryColor = "red", accentColor = "#FFFFFF", logoUrl = "javascript:alert(1)" },
            enabledServices = new[] { "casino" },
        });

        var errors = (await AssertProblem(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("branding.primaryColor", out _));
        Assert.True(errors.TryGetProperty("branding.logoUrl", out _));
        Assert.True(errors.TryGetProperty("enabledServices", out _));

        // A null in the list is no service either (the JSON reader lets one through; the rule must not).
        var withNull = await _operator.PostAsync("/operator/municipalities", new StringContent(
            """{"code":"063673","slug":"tozawa","nameEn":"Tozawa Village","enabledServices":["e-application",null]}""", Encoding.UTF8, "application/json"));
        Assert.Contains("'null' is not a service", (await AssertProblem(withNull, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("enabledServices")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync("/operator/municipalities/063673")).StatusCode);
    }

    [Fact]
    public async Task Without_an_operator_token_the_operator_API_answers_401_even_with_the_old_development_key()
    {
        using var anonymous = fixture.Onboarding.CreateClient();
        using var wrongKey = fixture.Onboarding.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Dev-Operator-Key", "dev-operator-key"); // removed: tokens only

        await AssertProblem(await anonymous.GetAsync("/operator/municipalities"), HttpStatusCode.Unauthorized);
        await AssertProblem(await wrongKey.Onboard("063819", "takahata"), HttpStatusCode.Unauthorized);
        await AssertProblem(await _operator.GetAsync("/operator/municipalities/063819"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suspend_resume_and_offboard_follow_the_lifecycle()
    {
        const string code = "063827";
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard(code, "kawanishi")).StatusCode);

        await AssertProblem(await _operator.PutAsJsonAsync($"/operator/municipalities/{code}/suspension", new { reason = " " }), HttpStatusCode.BadRequest);
        await AssertProblem(await _operator.DeleteAsync($"/operator/municipalities/{code}/suspension"), HttpStatusCode.Conflict);

        var suspended = await _operator.PutAsJsonAsync($"/operator/municipalities/{code}/suspension", new { reason = "システム移行のため" });
        Assert.Equal(TenantStatuses.Suspended, (await suspended.Content.ReadFromJsonAsync<TenantSnapshot>())!.Status);
        await AssertProblem(await _operator.PutAsJsonAsync($"/operator/municipalities/{code}/suspension", new { reason = "again" }), HttpStatusCode.Conflict);

        var resumed = await _operator.DeleteAsync($"/operator/municipalities/{code}/suspension");
        Assert.Equal(TenantStatuses.Active, (await resumed.Content.ReadFromJsonAsync<TenantSnapshot>())!.Status);

        var offboarded = await _operator.PostAsync($"/operator/municipalities/{code}/offboarding", null);
        var final = await offboarded.Content.ReadFromJsonAsync<TenantSnapshot>();
        Assert.Equal(TenantStatuses.Offboarded, final!.Status);
        Assert.Equal(8, final.Version); // 4 changes, each with its announcement
        await AssertProblem(await _operator.PostAsync($"/operator/municipalities/{code}/offboarding", null), HttpStatusCode.Conflict);
        await AssertProblem(await _operator.PutAsync($"/operator/municipalities/{code}/services/points", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Enabling_a_service_twice_changes_nothing_the_second_time()
    {
        const string code = "064017";
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard(code, "oguni")).StatusCode);

        var first = await (await _operator.PutAsync($"/operator/municipalities/{code}/services/points", null)).Content.ReadFromJsonAsync<TenantSnapshot>();
        var second = await (await _operator.PutAsync($"/operator/municipalities/{code}/services/points", null)).Content.ReadFromJsonAsync<TenantSnapshot>();

        Assert.Equal([PlatformServices.Points], second!.EnabledServices);
        Assert.Equal(first!.Version, second.Version);
        await AssertProblem(await _operator.PutAsync($"/operator/municipalities/{code}/services/casino", null), HttpStatusCode.BadRequest);
        await AssertProblem(await _operator.PutAsync("/operator/municipalities/069999/services/points", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_profile_can_be_changed_but_not_to_a_taken_slug()
    {
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard("064025", "shirataka")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard("064033", "iide")).StatusCode);
        var branding = new { primaryColor = "#006633", accentColor = "#F0F7F2", logoUrl = "https://example.jp/logo.svg" };

        await AssertProblem(await _operator.PutAsJsonAsync("/operator/municipalities/064025/profile",
            new { slug = "iide", nameJa = "白鷹町", nameEn = "Shirataka", branding }), HttpStatusCode.BadRequest);
        var changed = await _operator.PutAsJsonAsync("/operator/municipalities/064025/profile",
            new { slug = "shirataka-town", nameJa = "白鷹町", nameEn = "Shirataka Town", branding });

        var town = await changed.Content.ReadFromJsonAsync<TenantSnapshot>();
        Assert.Equal("shirataka-town", town!.Slug);
        Assert.Equal("#006633", town.Branding.PrimaryColor);
    }

    [Fact]
    public async Task Concurrent_changes_of_one_town_either_apply_or_answer_409_and_none_is_lost()
    {
        Assert.Equal(HttpStatusCode.Created, (await _operator.Onboard("063410", "oishida")).StatusCode);
        var branding = new { primaryColor = "#1F5FA8", accentColor = "#F2F6FB" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _operator.PutAsJsonAsync("/operator/municipalities/063410/profile",
                new { slug = "oishida", nameJa = "大石田町", nameEn = $"Oishida {i}", branding })));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var applied = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.True(applied >= 1);
        var town = await _operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063410");
        Assert.Equal(2 + 2 * applied, town!.Version); // every 200 is in the stream, every 409 is not
    }

    [Fact]
    public async Task The_catalogue_lists_this_prefectures_towns_and_explains_bad_codes()
    {
        var towns = await _operator.GetFromJsonAsync<JsonElement>("/operator/catalogue");
        Assert.Contains(towns.EnumerateArray(), t => t.GetProperty("name").GetString() == "金山町");
        Assert.DoesNotContain(towns.EnumerateArray(), t => t.GetProperty("type").GetString() == "都道府県");

        await AssertProblem(await _operator.GetAsync("/operator/catalogue/011003"), HttpStatusCode.BadRequest);
        var sapporo = await _operator.GetFromJsonAsync<JsonElement>("/operator/catalogue/011002");
        Assert.Equal("札幌市", sapporo.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Health_and_OpenAPI_are_served()
    {
        using var client = fixture.Onboarding.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("checks").TryGetProperty("postgresql", out _));
        Assert.True(ready.GetProperty("checks").TryGetProperty("masstransit-bus", out _));
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/operator/municipalities", out _));
    }

    [Theory]
    [InlineData("not-an-address", "町長", "firstAdmin.email")]
    [InlineData("Admin <admin@town.example>", "町長", "firstAdmin.email")]
    [InlineData("admin@town", "町長", "firstAdmin.email")]
    [InlineData("admin@town.example", " ", "firstAdmin.displayName")]
    public async Task A_bad_first_admin_is_refused_naming_the_field_and_nothing_is_stored(string email, string displayName, string field)
    {
        var code = OperatorCalls.UnlistedCode(11);
        var response = await _operator.PostAsJsonAsync("/operator/municipalities",
            new { code, slug = "firstadmin", nameJa = "一町", nameEn = "Ichi Town", firstAdmin = new { email, displayName } });

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/operator/municipalities/{code}")).StatusCode);
    }

    [Fact]
    public async Task A_town_is_onboarded_with_its_first_admin_carried_in_TenantOnboarded()
    {
        var code = OperatorCalls.UnlistedCode(12);
        var response = await _operator.PostAsJsonAsync("/operator/municipalities", new
        {
            code, slug = "niimachi", nameJa = "二町", nameEn = "Ni Town",
            firstAdmin = new { email = " admin@ni.example ", displayName = "二町 管理者" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var onboarded = await fixture.Database.QueryAsAppAsync<string>(
            $"select data::text from mt_events where stream_id = '{code}' and type = 'tenant_onboarded'", TestEnvironment.PrefectureCode);
        var firstAdmin = JsonDocument.Parse(Assert.Single(onboarded)).RootElement.GetProperty("FirstAdmin");
        Assert.Equal("admin@ni.example", firstAdmin.GetProperty("Email").GetString());
        Assert.Equal("二町 管理者", firstAdmin.GetProperty("DisplayName").GetString());
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
