using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OpenIddict.Abstractions;
using SharedServices.EApplication;
using SharedServices.Identity.Accounts;
using SharedServices.LocalMail;
using SharedServices.Onboarding;
using SharedServices.Points;
using SharedServices.Portal;
using SharedServices.Talent;
using SharedServices.Testing;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Onboarding, identity, e-application, points, talent and the portal on Kestrel, two towns with different
/// branding (both running e-application, local points and talent sharing) onboarded through the operator API, a resident
/// of each town, 金山町's water-service procedure (水道 開栓・閉栓) adopted and published by its admin with
/// the town's own renovation-subsidy form (住宅リフォーム補助金, a required PDF), and Debian's Chromium
/// driven by Playwright (no downloaded browser).
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private TestDatabase _onboardingDatabase = null!;
    private TestDatabase _portalDatabase = null!;
    private TestDatabase _eApplicationDatabase = null!;
    private ServiceHost<EApplicationService> _eApplication = null!;
    private TestDatabase _pointsDatabase = null!;
    private ServiceHost<PointsService> _points = null!;
    private TestDatabase _talentDatabase = null!;
    private ServiceHost<TalentService> _talent = null!;

    /// <summary>Where e-application's mails to residents (receipts, returns) go.</summary>
    public SmtpSink Mail { get; private set; } = null!;
    private TestIdentity _identity = null!;
    private TestVirtualHost _virtualHost = null!;
    private ServiceHost<OnboardingService> _onboarding = null!;
    private ServiceHost<PortalService> _portal = null!;
    private GatewayHost _gateway = null!;
    private IPlaywright _playwright = null!;

    public const string OperatorLogin = TestIdentity.OperatorLogin;
    public const string OperatorPassword = TestIdentity.OperatorPassword;
    public const string KaneyamaResidentLogin = TestIdentity.ResidentLogin;
    public const string OkuraResidentLogin = "resident@okura.example";
    public const string ResidentPassword = TestIdentity.ResidentPassword;
    public const string OkuraStaffLogin = "staff@okura.example";
    public const string OkuraStaffPassword = "okura-staff-test-password";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>金山町 staff's authenticator app: enrolled by the first browser sign-in of a test that uses it.</summary>
    public TotpAuthenticator StaffApp { get; } = new();

    /// <summary>大蔵村 staff's authenticator app (to show one town's staff never reach another town's applications).</summary>
    public TotpAuthenticator OkuraStaffApp { get; } = new();

    /// <summary>金山町's admin's authenticator app (enrolled while the fixture published the procedures).</summary>
    public TotpAuthenticator AdminApp { get; } = new();

    /// <summary>The seeded operator's authenticator app (enrolled while the fixture onboarded the towns).</summary>
    public TotpAuthenticator OperatorApp => _identity.OperatorApp;

    /// <summary>
    /// How long a browser wait lasts. On the two-core CI machine the browser, every service and PostgreSQL share the
    /// cores with the other test classes: a resubmission's post-redirect-get was once seen to outlast Playwright's 30 s.
    /// </summary>
    public static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A page in a browser context of its own (its own cookies), in Japanese. What the gateway's content
    /// security policy refuses on it is kept (<see cref="ContentSecurity"/>).
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { Locale = "ja-JP" });
        context.SetDefaultTimeout((float)BrowserTimeout.TotalMilliseconds);
        return ContentSecurity.Watch(await context.NewPageAsync());
    }

    /// <summary>An access token through the code + PKCE flow at the identity service.</summary>
    public Task<string> TokenFor(string loginName, string password) => _identity.SignIn(loginName, password);

    /// <summary>The first portal instance behind the gateway (the one <see cref="PortalClient"/> addresses).</summary>
    public ServiceHost<PortalService> Portal => _portal;

    /// <summary>The second portal instance behind the gateway, on the same database.</summary>
    public ServiceHost<PortalService> SecondPortal { get; private set; } = null!;

    /// <summary>A client of the portal addressing <paramref name="host"/> over loopback.</summary>
    public HttpClient PortalClient(string host) => _portal.CreateClientForHost(host);

    /// <summary>
    /// The edge gateway's port on loopback, in front of the portal: the browser goes through it, as residents
    /// do, so every page is tested under its security headers. Chromium resolves <c>{slug}.localhost</c> to loopback itself.
    /// </summary>
    public int Port { get; private set; }

    public string TownUrl(string slug, string path = "/") => $"http://{slug}.localhost:{Port}{path}";

    public string PrefectureUrl(string path = "/") => $"http://127.0.0.1:{Port}{path}";

    /// <summary>The gateway's port for the identity service (its public address).</summary>
    public int IdentityPort { get; private set; }

    /// <summary>The identity service's public address: the issuer, behind the gateway.</summary>
    public string IdentityUrl(string path = "/") => $"http://127.0.0.1:{IdentityPort}{path}";

    public async ValueTask InitializeAsync()
    {
        _onboardingDatabase = await TestDatabase.CreateAsync("ponboarding");
        _portalDatabase = await TestDatabase.CreateAsync("pportal");
        _eApplicationDatabase = await TestDatabase.CreateAsync("peapp");
        _pointsDatabase = await TestDatabase.CreateAsync("ppoints");
        _talentDatabase = await TestDatabase.CreateAsync("ptalent");
        _virtualHost = await TestVirtualHost.CreateAsync("portal");
        // The identity service keeps the portal's redirect URIs to each town's address on this port.
        Port = TestEnvironment.FreePort();
        // The identity service is behind the gateway too, on a port of its own (its public address, the
        // issuer): every sign-in page and redirect of the browser tests passes the gateway's headers.
        IdentityPort = TestEnvironment.FreePort();
        _identity = await TestIdentity.StartAsync(_virtualHost, new Dictionary<string, string?>
        {
            ["Identity:PublicUrl"] = IdentityUrl(),
            ["Identity:PortalClient:BaseUrlTemplates:0"] = TownUrl("{slug}"),
            ["Identity:PortalClient:BaseUrlTemplates:1"] = PrefectureUrl("/t/{slug}/"),
            ["Identity:PortalClient:PrefectureBaseUrl"] = PrefectureUrl(),
        });
        var issuer = new Dictionary<string, string?> { ["Identity:Issuer"] = IdentityUrl() };
        _onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, _virtualHost, issuer);
        _onboarding.StartServer();
        Uri onboardingAddress;
        using (var probe = _onboarding.CreateClient())
        {
            onboardingAddress = probe.BaseAddress!; // the prefecture console's dashboard calls it
        }
        // Started before the towns are onboarded, so their events reach its registry.
        Mail = SmtpSink.Start();
        _eApplication = new ServiceHost<EApplicationService>(_eApplicationDatabase, _virtualHost, new Dictionary<string, string?>(issuer)
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _eApplication.StartServer();
        using (var probe = _eApplication.CreateClient())
        {
            EApplicationAddress = probe.BaseAddress!;
        }
        // Points hears of the towns and of approved applications (which grant) over the same virtual host.
        _points = new ServiceHost<PointsService>(_pointsDatabase, _virtualHost, new Dictionary<string, string?>(issuer) { ["Points:LapseMinutes"] = "0" });
        _points.StartServer();
        Uri pointsAddress;
        using (var probe = _points.CreateClient())
        {
            pointsAddress = probe.BaseAddress!;
        }
        // Talent sharing hears of the towns over the same virtual host.
        _talent = new ServiceHost<TalentService>(_talentDatabase, _virtualHost, issuer);
        _talent.StartServer();
        Uri talentAddress;
        using (var probe = _talent.CreateClient())
        {
            talentAddress = probe.BaseAddress!;
        }
        // Two portal instances on one database behind the gateway (round robin): every browser test's
        // sign-ins, forms and pages go to both, as they would with the portal scaled out.
        var portalSettings = new Dictionary<string, string?>(issuer)
        {
            ["Identity:Portal:ClientSecret"] = TestIdentity.PortalSecret,
            ["Services:EApplication"] = EApplicationAddress.ToString(),
            ["Services:Points"] = pointsAddress.ToString(),
            ["Services:Talent"] = talentAddress.ToString(),
            ["Services:Onboarding"] = onboardingAddress.ToString(),
            ["TrustedProxies:0"] = "127.0.0.1", // the gateway
        };
        _portal = new ServiceHost<PortalService>(_portalDatabase, _virtualHost, portalSettings, port: TestEnvironment.FreePort());
        _portal.StartServer();
        SecondPortal = new ServiceHost<PortalService>(_portalDatabase, _virtualHost, portalSettings, port: TestEnvironment.FreePort());
        SecondPortal.StartServer();
        using (var probe = _portal.CreateClient())
        using (var second = SecondPortal.CreateClient())
        {
            _gateway = new GatewayHost(new Dictionary<string, string?>
            {
                ["ReverseProxy:Clusters:portal:Destinations:a:Address"] = probe.BaseAddress!.ToString(),
                ["ReverseProxy:Clusters:portal:Destinations:b:Address"] = second.BaseAddress!.ToString(),
                ["ReverseProxy:Clusters:eapplication:Destinations:a:Address"] = EApplicationAddress.ToString(),
                ["ReverseProxy:Clusters:points:Destinations:a:Address"] = pointsAddress.ToString(),
                ["ReverseProxy:Clusters:talent:Destinations:a:Address"] = talentAddress.ToString(),
                ["ReverseProxy:Clusters:onboarding:Destinations:a:Address"] = onboardingAddress.ToString(),
                ["ReverseProxy:Clusters:identity:Destinations:a:Address"] = _identity.Address.ToString(),
                ["ReverseProxy:Routes:identity:Match:Hosts:0"] = $"127.0.0.1:{IdentityPort}",
                ["ReverseProxy:Routes:identity:Match:Hosts:1"] = $"localhost:{IdentityPort}",
                // Every test's browser is one client at 127.0.0.1: the limits are tested in Gateway.Tests.
                ["Gateway:RateLimits:PerTown:Burst"] = "100000",
                ["Gateway:RateLimits:PerClient:Burst"] = "100000",
            }, port: Port, identityPort: IdentityPort);
            _gateway.StartServer();
        }
        await OpenAccount(OkuraResidentLogin, AccountKind.Resident, "063657", "大蔵 次郎", ResidentPassword);
        await OpenAccount(OkuraStaffLogin, AccountKind.TownStaff, "063657", "大蔵村 職員", OkuraStaffPassword);

        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", await _identity.OperatorToken());
        await Onboard(operatorClient, new { code = "063614", slug = "kaneyama", nameEn = "Kaneyama Town", branding = new { primaryColor = "#2E6B30", accentColor = "#EEF6EE" }, enabledServices = new[] { "e-application", "points", "talent" } });
        // A light brand colour: the shell must switch to dark text to keep the contrast.
        await Onboard(operatorClient, new { code = "063657", slug = "okura", nameEn = "Okura Village", branding = new { primaryColor = "#F4D03F", accentColor = "#FFF9E0" }, enabledServices = new[] { "e-application", "points", "talent" } });
        foreach (var slug in new[] { "kaneyama", "okura" })
        {
            using var town = _portal.CreateClientForHost($"{slug}.localhost");
            await Eventually.Until(() => town.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: $"{slug} on the portal");
        }

        await PublishWaterService();
        using (var points = PointsClientOf("kaneyama", _adminToken))
        {
            await Eventually.Until(() => points.GetAsync("/console/campaigns"), r => r.IsSuccessStatusCode, what: "金山町 in the points registry");
        }
        foreach (var slug in new[] { "kaneyama", "okura" })
        {
            using var talent = _talent.CreateClientForHost($"{slug}.localhost");
            talent.DefaultRequestHeaders.Authorization = new("Bearer", slug == "kaneyama" ? _adminToken : await _identity.SignIn(OkuraStaffLogin, OkuraStaffPassword, OkuraStaffApp));
            await Eventually.Until(() => talent.GetAsync("/console/needs"), r => r.IsSuccessStatusCode, what: $"{slug} in the talent registry");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from calling home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>The e-application service's address on loopback (the portal's <c>Services:EApplication</c>).</summary>
    public Uri EApplicationAddress { get; private set; } = null!;

    // 金山町's admin (password and TOTP) adopts the prefecture's water-service template and publishes it,
    // and publishes the town's own renovation-subsidy form (a required PDF: Forms/renovation-subsidy.json).
    private async Task PublishWaterService()
    {
        var adminToken = _adminToken = await _identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, AdminApp);
        using var admin = _eApplication.CreateClientForHost("kaneyama.localhost");
        admin.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        await Eventually.Until(() => admin.GetAsync("/console/procedures"), r => r.IsSuccessStatusCode, what: "金山町 in the e-application registry");
        foreach (var (response, expected) in new[]
        {
            (await admin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "water-service" }), HttpStatusCode.Created),
            (await admin.PostAsync("/console/procedures/water-service/publications", null), HttpStatusCode.Created),
            (await admin.PostAsync("/console/procedures", new StringContent(
                await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Forms", "renovation-subsidy.json")), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created),
            (await admin.PostAsync("/console/procedures/renovation-subsidy/publications", null), HttpStatusCode.Created),
        })
        {
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"Publishing the procedures failed: {(int)response.StatusCode} {response.RequestMessage?.RequestUri} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private Task OpenAccount(string loginName, AccountKind kind, string town, string name, string password) =>
        _identity.OpenAccountAsync(loginName, kind, town, name, password);

    private string _adminToken = "";

    /// <summary>金山町's admin's access token (password and TOTP), for calling a service's API directly.</summary>
    public string KaneyamaAdminToken => _adminToken;

    /// <summary>A new resident account of 金山町 with <see cref="ResidentPassword"/>: its login name.</summary>
    public async Task<string> NewKaneyamaResidentAsync(string name)
    {
        var login = $"{Guid.NewGuid():N}@kaneyama.example";
        await OpenAccount(login, AccountKind.Resident, "063614", name, ResidentPassword);
        return login;
    }

    /// <summary>
    /// A registered helper (支援者) of 金山町 over the e-application API: a resident account of its own asks,
    /// the town's admin approves. Their code (支援者番号), which residents authorise them by.
    /// </summary>
    public async Task<string> RegisteredHelperAsync(string name, string organisation) =>
        (await RegisteredHelperAccountAsync(name, organisation)).Code;

    /// <summary>As <see cref="RegisteredHelperAsync"/>, with the helper's login name (password <see cref="ResidentPassword"/>).</summary>
    public async Task<(string Login, string Code)> RegisteredHelperAccountAsync(string name, string organisation)
    {
        var login = await NewKaneyamaResidentAsync(name);
        using var helper = _eApplication.CreateClientForHost("kaneyama.localhost");
        helper.DefaultRequestHeaders.Authorization = new("Bearer", await _identity.SignIn(login, ResidentPassword));
        var requested = await helper.PostAsJsonAsync("/helpers/registration", new { name, organisation });
        var id = (await requested.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        using var admin = _eApplication.CreateClientForHost("kaneyama.localhost");
        admin.DefaultRequestHeaders.Authorization = new("Bearer", _adminToken);
        var approved = await admin.PostAsync($"/console/helpers/{id}/approval", null);
        return (login, (await approved.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!);
    }

    /// <summary>A client of the points service addressing <paramref name="slug"/>'s town with <paramref name="token"/>.</summary>
    private HttpClient PointsClientOf(string slug, string token)
    {
        var client = _points.CreateClientForHost($"{slug}.localhost");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>
    /// A merchant (加盟店) with a sign-in of its own (prefecture-wide, password <see cref="ResidentPassword"/>),
    /// registered by 金山町's admin over the points API, which makes 金山町 accept it: its login and 加盟店コード.
    /// </summary>
    public async Task<(string Login, string Code)> RegisteredMerchantAsync(string name, string category = "food")
    {
        var login = $"{Guid.NewGuid():N}@merchant.example";
        await OpenAccount(login, AccountKind.Merchant, TestEnvironment.PrefectureCode, name, ResidentPassword);
        using var admin = PointsClientOf("kaneyama", _adminToken);
        var response = await admin.PostAsJsonAsync("/console/merchants", new
        {
            name, category, corporateNumber = (string?)null, soleProprietor = true, loginEmail = login,
            payout = new { bankCode = "0117", branchCode = "101", accountType = 1, accountNumber = "1234567", holderKana = "ｶﾈﾔﾏｼｮｳﾃﾝ" },
        });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Registering the merchant failed: {(int)response.StatusCode} {body}");
        }
        return (login, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!);
    }

    /// <summary>An open campaign of 金山町 for a year, created and opened by its admin over the points API: its id.</summary>
    public async Task<string> OpenedCampaignAsync(string name, string trigger = "enrolment", long points = 1_000, object? eligibility = null)
    {
        using var admin = PointsClientOf("kaneyama", _adminToken);
        var now = DateTimeOffset.UtcNow;
        var created = await admin.PostAsJsonAsync("/console/campaigns", new
        {
            name, purpose = "地域の応援", trigger, procedureKey = (string?)null, pointsPerGrant = points, perResidentCap = points, budget = 100_000,
            grantFrom = now.AddMinutes(-5), grantUntil = now.AddDays(365), spendFrom = now.AddMinutes(-5), spendUntil = now.AddDays(400),
            expiryDays = (int?)null, allowedCategories = Array.Empty<string>(), eligibility = eligibility ?? new { },
        });
        var body = await created.Content.ReadAsStringAsync();
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the campaign failed: {(int)created.StatusCode} {body}");
        }
        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        (await admin.PostAsync($"/console/campaigns/{id}/opening", null)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>A new resident of 金山町 applies for water service in the browser: the application's id.</summary>
    public async Task<string> AppliedForWaterAsync(string name)
    {
        var login = await NewKaneyamaResidentAsync(name);
        var resident = await this.SignedInAsync(TownUrl("kaneyama", "/Resident/Apply/water-service"), login, ResidentPassword);
        var startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(7);
        await resident.FillAsync("#field-name", name);
        await resident.FillAsync("#field-nameKana", "カネヤマ タロウ");
        await resident.FillAsync("#field-phone", "0233-52-2111");
        await resident.FillAsync("#field-email", "taro@kaneyama.example");
        await resident.CheckAsync("#field-service-0");
        await resident.FillAsync("#field-postalCode", "999-5402");
        await resident.FillAsync("#field-address", "山形県最上郡金山町大字金山324-1");
        await resident.FillAsync("#field-startDate", startDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await resident.CheckAsync("#field-payment-1");
        await resident.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await BrowserSessions.Explained(resident, () => resident.ReachedAsync("**/Review"));
        await resident.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await BrowserSessions.Explained(resident, () => resident.ReachedAsync("**/Submitted"));
        var id = new Uri(resident.Url).AbsolutePath.Split('/')[^2];
        await resident.Context.CloseAsync();
        return id;
    }

    /// <summary>A new person of the talent registry (デジタル人材: no town), password <see cref="ResidentPassword"/>: their login name.</summary>
    public async Task<string> NewTalentAsync(string name)
    {
        var login = $"{Guid.NewGuid():N}@talent.example";
        await _identity.OpenAccountAsync(login, AccountKind.Talent, null, name, ResidentPassword);
        return login;
    }

    /// <summary>Onboards another town (the operator, over the onboarding API) and waits until the portal serves it.</summary>
    public async Task OnboardAsync(string code, string slug, string nameEn, params string[] services)
    {
        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", await _identity.OperatorToken());
        await Onboard(operatorClient, new { code, slug, nameEn, enabledServices = services });
        using var town = _portal.CreateClientForHost($"{slug}.localhost");
        await Eventually.Until(() => town.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: $"{slug} on the portal");
    }

    private static async Task Onboard(HttpClient client, object town)
    {
        var response = await client.PostAsJsonAsync("/operator/municipalities", town);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Onboarding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _gateway.DisposeAsync();
        await SecondPortal.DisposeAsync();
        await _portal.DisposeAsync();
        await _eApplication.DisposeAsync();
        await _points.DisposeAsync();
        await _talent.DisposeAsync();
        await Mail.DisposeAsync();
        await _identity.DisposeAsync();
        await _onboarding.DisposeAsync();
        await _portalDatabase.DisposeAsync();
        await _eApplicationDatabase.DisposeAsync();
        await _pointsDatabase.DisposeAsync();
        await _talentDatabase.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }
}
