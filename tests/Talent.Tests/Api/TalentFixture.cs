using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity.Accounts;
using SharedServices.Onboarding;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Talent.Tests.Api;

/// <summary>
/// The talent service with the identity service (real tokens) and onboarding (towns as events over a
/// RabbitMQ virtual host). 金山町 and 大蔵村 take part in talent sharing; 小国町 does not.
/// </summary>
public class TalentFixture : IAsyncLifetime
{
    public const string Kaneyama = "kaneyama.localhost";
    public const string KaneyamaCode = "063614";
    public const string Okura = "okura.localhost";
    public const string OkuraCode = "063657";
    public const string Password = "a-test-password-1";
    public const string OkuraAdmin = "admin@okura.example";

    private TestDatabase _onboardingDatabase = null!;
    private ServiceHost<OnboardingService> _onboarding = null!;
    private int _people;

    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public TestIdentity Identity { get; private set; } = null!;
    public ServiceHost<TalentService> Service { get; private set; } = null!;
    public string KaneyamaAdminToken { get; private set; } = "";
    public string KaneyamaStaffToken { get; private set; } = "";
    public string KaneyamaResidentToken { get; private set; } = "";
    public string OkuraAdminToken { get; private set; } = "";
    public string OperatorToken { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        _onboardingDatabase = await TestDatabase.CreateAsync("talentonb");
        VirtualHost = await TestVirtualHost.CreateAsync("talent");
        Identity = await TestIdentity.StartAsync(VirtualHost);
        var issuer = new Dictionary<string, string?> { ["Identity:Issuer"] = Identity.Address.ToString() };
        Service = new ServiceHost<TalentService>(Database, VirtualHost, new Dictionary<string, string?>(issuer) { ["Metrics:ProjectionLagSeconds"] = "1" });
        Service.StartServer();
        _onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, VirtualHost, issuer);

        OperatorToken = await Identity.OperatorToken();
        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        foreach (var (code, slug, services) in new[] { (KaneyamaCode, "kaneyama", new[] { "talent", "e-application" }), (OkuraCode, "okura", ["talent"]), ("064017", "oguni", ["e-application"]) })
        {
            var response = await operatorClient.PostAsJsonAsync("/operator/municipalities", new { code, slug, nameEn = slug, enabledServices = services });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        await Identity.OpenAccountAsync(OkuraAdmin, AccountKind.TownAdmin, OkuraCode, "大蔵村 管理者", Password);
        KaneyamaAdminToken = await Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator());
        KaneyamaStaffToken = await Identity.SignIn(TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, new TotpAuthenticator());
        KaneyamaResidentToken = await Identity.SignIn(TestIdentity.ResidentLogin, TestIdentity.ResidentPassword);
        OkuraAdminToken = await Identity.SignIn(OkuraAdmin, Password, new TotpAuthenticator());

        using var admin = Client(Kaneyama, KaneyamaAdminToken);
        await Eventually.Until(() => admin.GetAsync("/console/needs"), r => r.IsSuccessStatusCode, what: "金山町 in the talent registry");
        using var okura = Client(Okura, OkuraAdminToken);
        await Eventually.Until(() => okura.GetAsync("/console/needs"), r => r.IsSuccessStatusCode, what: "大蔵村 in the talent registry");
    }

    /// <summary>The talent service's database (on the shared server unless a test needs its own cluster).</summary>
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync("talent");

    /// <summary>A new person (デジタル人材, no town), signed in: a registry entry no other test touches.</summary>
    public async Task<(string Token, string Id)> NewPersonAsync()
    {
        var login = $"talent{Interlocked.Increment(ref _people)}@talent.example";
        await Identity.OpenAccountAsync(login, AccountKind.Talent, null, "人材 テスト", Password);
        var token = await Identity.SignIn(login, Password);
        return (token, Subject(token));
    }

    /// <summary>A profile as the talent submits it, with what the test changes.</summary>
    public static Dictionary<string, object?> Profile(string name, object[] skills, int hoursPerMonth = 40, string from = "2027-04", int months = 12,
        bool onSite = true, decimal rate = 8_000, string role = "dx-leader")
    {
        Months(from, months, out var list);
        return new()
        {
            ["name"] = name, ["role"] = role, ["skills"] = skills, ["publicSectorYears"] = 3,
            ["availability"] = list.Select(m => new { month = m, hours = hoursPerMonth }).ToArray(),
            ["remote"] = true, ["onSite"] = onSite, ["region"] = "山形県 最上地域", ["ratePerHour"] = rate,
            ["contact"] = new { email = $"{Guid.NewGuid():N}@talent.example", phone = "090-0000-0000" },
        };
    }

    public static void Months(string from, int count, out List<string> months)
    {
        var first = DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        months = [.. Enumerable.Range(0, count).Select(i => first.AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))];
    }

    public static object Skill(string skill, int level) => new { skill, level };

    /// <summary>A person with an approved profile; returns their token and id.</summary>
    public async Task<(string Token, string Id)> ListedPersonAsync(Dictionary<string, object?> profile)
    {
        var person = await NewPersonAsync();
        using var client = Client(null, person.Token);
        await Ok(await client.PutAsJsonAsync("/talent/profile", profile), HttpStatusCode.Accepted);
        using var op = Client(null, OperatorToken);
        await Ok(await op.PostAsync($"/prefecture/talent/{person.Id}/approval", null));
        return person;
    }

    public static Dictionary<string, object?> Need(string title, object[] required, int hours = 20, string from = "2027-04", string until = "2027-09",
        decimal budget = 300_000, int onSiteDays = 0, string? programme = null) => new()
    {
        ["title"] = title, ["description"] = "庁内DXの推進支援", ["required"] = required, ["hoursPerMonth"] = hours,
        ["fromMonth"] = from, ["untilMonth"] = until, ["budgetPerMonth"] = budget, ["onSiteDaysPerMonth"] = onSiteDays, ["programme"] = programme,
    };

    public static async Task<string> PostNeedAsync(HttpClient town, Dictionary<string, object?> need) =>
        (await (await Ok(await town.PostAsJsonAsync("/console/needs", need), HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    /// <summary>
    /// The prefecture changes 小国町's brand colour (the <paramref name="round"/>th time): onboarding publishes a
    /// <c>TenantProfileChanged</c> that every talent instance on the virtual host competes to consume.
    /// </summary>
    public async Task ChangeOguniProfileAsync(int round)
    {
        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Identity.OperatorToken());
        var primary = round % 2 == 0 ? "#2E6B30" : "#1F4E79";
        await Ok(await operatorClient.PutAsJsonAsync("/operator/municipalities/064017/profile",
            new { slug = "oguni", nameJa = "小国町", nameEn = "Oguni Town", branding = new { primaryColor = primary, accentColor = "#EEF6EE" } }));
    }

    public T Get<T>() where T : notnull => Service.Services.GetRequiredService<T>();

    public HttpClient Client(string? host, string? token)
    {
        var client = host is null ? Service.CreateClient() : Service.CreateClientForHost(host);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await Ok(response, expected)).Content.ReadFromJsonAsync<JsonElement>();

    public virtual async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await _onboarding.DisposeAsync();
        await Identity.DisposeAsync();
        await Database.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await VirtualHost.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceGroup : ICollectionFixture<TalentFixture>
{
    public const string Name = "talent service";
}
