using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity.Accounts;
using SharedServices.Onboarding;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// The points service with what it lives among: the identity service (real tokens, TOTP for staff),
/// onboarding (towns reach its registry as events over a RabbitMQ virtual host) and its own database.
/// 金山町 and 大蔵村 run points; 小国町 does not. Two merchants sign in prefecture-wide. 大蔵村, and 庄内町
/// (onboarded by <see cref="OffboardingTests"/>), keep their data in databases of their own, set by
/// <c>EventStore:OwnDatabases</c> only: every points rule is tested for a town in its own database too.
/// </summary>
public sealed class PointsFixture : IAsyncLifetime
{
    public const string Kaneyama = "kaneyama.localhost";
    public const string KaneyamaCode = "063614";
    public const string Okura = "okura.localhost";
    public const string OkuraCode = "063657";
    public const string Oguni = "oguni.localhost";
    public const string Password = "a-test-password-1";
    public const string KaneyamaResident2 = "resident2@kaneyama.example";
    public const string OkuraResident = "resident@okura.example";
    public const string OkuraAdmin = "admin@okura.example";
    public const string MerchantLogin = "shop@merchant.example";
    public const string Merchant2Login = "cafe@merchant.example";

    private TestDatabase _onboardingDatabase = null!;
    private ServiceHost<OnboardingService> _onboarding = null!;

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>大蔵村's own database.</summary>
    public TestDatabase OkuraDatabase { get; private set; } = null!;

    /// <summary>庄内町's own database, listed before the town is onboarded.</summary>
    public TestDatabase ShonaiDatabase { get; private set; } = null!;

    public const string ShonaiCode = "064289";

    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public TestIdentity Identity { get; private set; } = null!;
    public ServiceHost<PointsService> Service { get; private set; } = null!;

    public string KaneyamaResidentToken { get; private set; } = "";
    public string KaneyamaResident2Token { get; private set; } = "";
    public string KaneyamaResidentId { get; private set; } = "";
    public string KaneyamaResident2Id { get; private set; } = "";
    public string OkuraResidentToken { get; private set; } = "";
    public string KaneyamaAdminToken { get; private set; } = "";
    public string KaneyamaStaffToken { get; private set; } = "";
    public string OkuraAdminToken { get; private set; } = "";
    public string OperatorToken { get; private set; } = "";
    public string MerchantToken { get; private set; } = "";
    public string Merchant2Token { get; private set; } = "";

    /// <summary>金山商店 (food), registered by 金山町, which accepts it; 大蔵村 does not.</summary>
    public (string Code, string Id) Shop { get; private set; }

    /// <summary>大蔵カフェ (restaurant), registered by 大蔵村, which accepts it; 金山町 does not.</summary>
    public (string Code, string Id) Cafe { get; private set; }

    private int _residents;

    /// <summary>A new resident of <paramref name="town"/> (a code), signed in: a wallet no other test touches.</summary>
    public async Task<(string Token, string Id)> NewResidentAsync(string town = KaneyamaCode)
    {
        var login = $"resident{Interlocked.Increment(ref _residents)}-{town}@points.example";
        await Identity.OpenAccountAsync(login, AccountKind.Resident, town, "住民 テスト", Password);
        var token = await Identity.SignIn(login, Password);
        return (token, Subject(token));
    }

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("points");
        OkuraDatabase = await TestDatabase.CreateAsync("pointsokura");
        ShonaiDatabase = await TestDatabase.CreateAsync("pointsshonai");
        _onboardingDatabase = await TestDatabase.CreateAsync("pointsonb");
        VirtualHost = await TestVirtualHost.CreateAsync("points");
        Identity = await TestIdentity.StartAsync(VirtualHost);
        var issuer = new Dictionary<string, string?> { ["Identity:Issuer"] = Identity.Address.ToString() };
        Service = new ServiceHost<PointsService>(Database, VirtualHost, new Dictionary<string, string?>(issuer)
        {
            // The tests run the lapse themselves, at a clock of their own.
            ["Points:LapseMinutes"] = "0",
            [$"EventStore:OwnDatabases:{OkuraCode}"] = $"Database={OkuraDatabase.Name}",
            [$"EventStore:OwnDatabases:{ShonaiCode}"] = $"Database={ShonaiDatabase.Name}",
        });
        Service.StartServer();
        // An offboarded town's data is deleted as soon as it is offboarded (OffboardingTests), the check each second.
        _onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, VirtualHost, new Dictionary<string, string?>(issuer)
        {
            ["Onboarding:RetentionDays"] = "0",
            ["Onboarding:RetentionCheckSeconds"] = "1",
        });

        OperatorToken = await Identity.OperatorToken();
        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        foreach (var (code, slug, services) in new[] { (KaneyamaCode, "kaneyama", new[] { "points", "e-application" }), (OkuraCode, "okura", ["points"]), ("064017", "oguni", ["e-application"]) })
        {
            var response = await operatorClient.PostAsJsonAsync("/operator/municipalities", new { code, slug, nameEn = slug, enabledServices = services });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        await Identity.OpenAccountAsync(KaneyamaResident2, AccountKind.Resident, KaneyamaCode, "金山 三郎", Password);
        await Identity.OpenAccountAsync(OkuraResident, AccountKind.Resident, OkuraCode, "大蔵 次郎", Password);
        await Identity.OpenAccountAsync(OkuraAdmin, AccountKind.TownAdmin, OkuraCode, "大蔵村 管理者", Password);
        await Identity.OpenAccountAsync(MerchantLogin, AccountKind.Merchant, TestEnvironment.PrefectureCode, "金山商店", Password);
        await Identity.OpenAccountAsync(Merchant2Login, AccountKind.Merchant, TestEnvironment.PrefectureCode, "大蔵カフェ", Password);
        KaneyamaResidentToken = await Identity.SignIn(TestIdentity.ResidentLogin, TestIdentity.ResidentPassword);
        KaneyamaResident2Token = await Identity.SignIn(KaneyamaResident2, Password);
        OkuraResidentToken = await Identity.SignIn(OkuraResident, Password);
        KaneyamaAdminToken = await Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator());
        KaneyamaStaffToken = await Identity.SignIn(TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, new TotpAuthenticator());
        OkuraAdminToken = await Identity.SignIn(OkuraAdmin, Password, new TotpAuthenticator());
        MerchantToken = await Identity.SignIn(MerchantLogin, Password);
        Merchant2Token = await Identity.SignIn(Merchant2Login, Password);
        KaneyamaResidentId = Subject(KaneyamaResidentToken);
        KaneyamaResident2Id = Subject(KaneyamaResident2Token);

        using var admin = Client(Kaneyama, KaneyamaAdminToken);
        await Eventually.Until(() => admin.GetAsync("/console/campaigns"), r => r.IsSuccessStatusCode, what: "金山町 in the points registry");
        using var okura = Client(Okura, OkuraAdminToken);
        await Eventually.Until(() => okura.GetAsync("/console/campaigns"), r => r.IsSuccessStatusCode, what: "大蔵村 in the points registry");
        Shop = await RegisterMerchantAsync(admin, "金山商店", MerchantLogin, "food", "7000012050002");
        Cafe = await RegisterMerchantAsync(okura, "大蔵カフェ", Merchant2Login, "restaurant");
    }

    public T Get<T>() where T : notnull => Service.Services.GetRequiredService<T>();

    /// <summary>The onboarding service as the prefecture's operator (to onboard and offboard towns).</summary>
    public HttpClient OnboardingOperator()
    {
        var client = _onboarding.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        return client;
    }

    /// <summary>A client addressing <paramref name="host"/> (null: no town) with <paramref name="token"/> (null: anonymous).</summary>
    public HttpClient Client(string? host, string? token)
    {
        var client = host is null ? Service.CreateClient() : Service.CreateClientForHost(host);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Campaign terms open now for a year, with what the test changes.</summary>
    public static Dictionary<string, object?> Terms(string name, long budget = 100_000, long perGrant = 1_000, long? cap = null,
        string trigger = "enrolment", string? procedureKey = null, object? eligibility = null, string[]? categories = null, int? expiryDays = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new()
        {
            ["name"] = name, ["purpose"] = "地域経済の応援", ["trigger"] = trigger, ["procedureKey"] = procedureKey,
            ["pointsPerGrant"] = perGrant, ["perResidentCap"] = cap ?? perGrant, ["budget"] = budget,
            ["grantFrom"] = now.AddMinutes(-5), ["grantUntil"] = now.AddDays(365), ["spendFrom"] = now.AddMinutes(-5), ["spendUntil"] = now.AddDays(400),
            ["expiryDays"] = expiryDays, ["allowedCategories"] = categories ?? [], ["eligibility"] = eligibility ?? new { },
        };
    }

    /// <summary>Creates and opens a campaign in the town of <paramref name="admin"/>'s client; returns its id.</summary>
    public static async Task<string> OpenCampaignAsync(HttpClient admin, Dictionary<string, object?> terms)
    {
        var created = await Ok(await admin.PostAsJsonAsync("/console/campaigns", terms), HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Ok(await admin.PostAsync($"/console/campaigns/{id}/opening", null));
        return id;
    }

    /// <summary>Registers a merchant by <paramref name="admin"/>'s town (which accepts it at once); returns its code.</summary>
    public static async Task<(string Code, string Id)> RegisterMerchantAsync(HttpClient admin, string name, string login, string category = "food", string? corporateNumber = null)
    {
        var response = await admin.PostAsJsonAsync("/console/merchants", new
        {
            name, category, corporateNumber, soleProprietor = corporateNumber is null, loginEmail = login,
            payout = new { bankCode = "0117", branchCode = "101", accountType = 1, accountNumber = "1234567", holderKana = "ｶﾈﾔﾏｼｮｳﾃﾝ" },
        });
        var body = await (await Ok(response, HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("code").GetString()!, body.GetProperty("id").GetString()!);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await Ok(response, expected)).Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The town's reconciliation report, asserted balanced in every check.</summary>
    public async Task<JsonElement> AssertReconciledAsync(string host, string staffToken)
    {
        using var staff = Client(host, staffToken);
        var report = await Json(await staff.GetAsync("/console/ledger/reconciliation"));
        Assert.True(report.GetProperty("balanced").GetBoolean(), report.ToString());
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await _onboarding.DisposeAsync();
        await Identity.DisposeAsync();
        await Database.DisposeAsync();
        await OkuraDatabase.DisposeAsync();
        await ShonaiDatabase.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await VirtualHost.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceGroup : ICollectionFixture<PointsFixture>
{
    public const string Name = "points service";
}
