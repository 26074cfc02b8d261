using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SharedServices.Identity.Accounts;
using SharedServices.LocalMail;
using SharedServices.Onboarding;
using SharedServices.EApplication.Retention;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The e-application service with what it lives among: the identity service (real tokens, TOTP for
/// staff), onboarding (the towns reach its registry as events over a RabbitMQ virtual host) and its
/// own database. 金山町 and 大蔵村 offer e-application; 小国町 does not. 金山町's admin has adopted and
/// published the water-service template (水道開栓・閉栓); so has 大蔵村's. 金山町 has also published an
/// own form with file fields (<see cref="RenovationSubsidy"/>). The service's mails land in <see cref="Mail"/>,
/// their links pointing at <see cref="PortalUrlTemplate"/>. 大蔵村 keeps its data in a database of its own
/// (<see cref="OkuraDatabase"/>, set by <c>EventStore:OwnDatabases</c>), so every test of 大蔵村 runs
/// against a town in its own database, beside 金山町 in the shared one.
/// </summary>
public sealed class EApplicationFixture : IAsyncLifetime
{
    public const string Kaneyama = "kaneyama.localhost";
    public const string Okura = "okura.localhost";
    public const string Oguni = "oguni.localhost";
    public const string Password = "a-test-password-1";
    public const string OkuraResident = "resident@okura.example";
    public const string OkuraStaff = "staff@okura.example";
    public const string OkuraAdmin = "admin@okura.example";
    public const string KaneyamaResident2 = "resident2@kaneyama.example";

    /// <summary>The town portal's address as mailed links are made (the portal itself is not running).</summary>
    public const string PortalUrlTemplate = "http://{slug}.portal.test/";

    private TestDatabase _onboardingDatabase = null!;

    /// <summary>Every mail the e-application service sends lands here.</summary>
    public SmtpSink Mail { get; private set; } = null!;

    /// <summary>The service's retention run as it would go <paramref name="ahead"/> from now (a clock of the test's).</summary>
    public (PersonalDataErasure Erasure, RetentionSchedule Schedule) RetentionAt(TimeSpan ahead)
    {
        var clock = new MovedClock(ahead);
        var erasure = ActivatorUtilities.CreateInstance<PersonalDataErasure>(Service.Services, clock);
        return (erasure, ActivatorUtilities.CreateInstance<RetentionSchedule>(Service.Services, erasure, clock));
    }

    private sealed class MovedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }

    /// <summary>The service's database, to look at what is stored (e.g. masked events).</summary>
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>大蔵村's own database (a large town's, configured per town): its events, documents and counters.</summary>
    public TestDatabase OkuraDatabase { get; private set; } = null!;

    public const string OkuraCode = "063657";

    public TestVirtualHost VirtualHost { get; private set; } = null!;
    private ServiceHost<OnboardingService> _onboarding = null!;

    public TestIdentity Identity { get; private set; } = null!;

    public ServiceHost<EApplicationService> Service { get; private set; } = null!;

    public string KaneyamaResidentToken { get; private set; } = "";

    public string KaneyamaResident2Token { get; private set; } = "";

    public string OkuraResidentToken { get; private set; } = "";

    public string KaneyamaAdminToken { get; private set; } = "";

    public string KaneyamaStaffToken { get; private set; } = "";

    public string OkuraStaffToken { get; private set; } = "";

    public string OkuraAdminToken { get; private set; } = "";

    public string OperatorToken { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("eapp");
        OkuraDatabase = await TestDatabase.CreateAsync("eappokura");
        _onboardingDatabase = await TestDatabase.CreateAsync("eapponb");
        VirtualHost = await TestVirtualHost.CreateAsync("eapp");
        Identity = await TestIdentity.StartAsync(VirtualHost);
        var issuer = new Dictionary<string, string?> { ["Identity:Issuer"] = Identity.Address.ToString() };
        Mail = SmtpSink.Start();
        Service = new ServiceHost<EApplicationService>(Database, VirtualHost, new Dictionary<string, string?>(issuer)
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EApplication:PortalUrlTemplate"] = PortalUrlTemplate,
            [$"EventStore:OwnDatabases:{OkuraCode}"] = $"Database={OkuraDatabase.Name}",
        });
        Service.StartServer();
        _onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, VirtualHost, issuer);

        OperatorToken = await Identity.OperatorToken();
        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        foreach (var (code, slug, services) in new[] { ("063614", "kaneyama", new[] { "e-application" }), ("063657", "okura", ["e-application"]), ("064017", "oguni", ["points"]) })
        {
            var response = await operatorClient.PostAsJsonAsync("/operator/municipalities", new { code, slug, nameEn = slug, enabledServices = services });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        await Identity.OpenAccountAsync(OkuraResident, AccountKind.Resident, "063657", "大蔵 次郎", Password);
        await Identity.OpenAccountAsync(KaneyamaResident2, AccountKind.Resident, "063614", "金山 三郎", Password);
        await Identity.OpenAccountAsync(OkuraStaff, AccountKind.TownStaff, "063657", "大蔵村 職員", Password);
        await Identity.OpenAccountAsync(OkuraAdmin, AccountKind.TownAdmin, "063657", "大蔵村 管理者", Password);
        KaneyamaResidentToken = await Identity.SignIn(TestIdentity.ResidentLogin, TestIdentity.ResidentPassword);
        KaneyamaResident2Token = await Identity.SignIn(KaneyamaResident2, Password);
        OkuraResidentToken = await Identity.SignIn(OkuraResident, Password);
        KaneyamaAdminToken = await Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator());
        KaneyamaStaffToken = await Identity.SignIn(TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, new TotpAuthenticator());
        OkuraStaffToken = await Identity.SignIn(OkuraStaff, Password, new TotpAuthenticator());
        OkuraAdminToken = await Identity.SignIn(OkuraAdmin, Password, new TotpAuthenticator());

        using var admin = Client(Kaneyama, KaneyamaAdminToken);
        await Eventually.Until(() => admin.GetAsync("/console/procedures"), r => r.IsSuccessStatusCode, what: "金山町 in the e-application registry");
        using var okura = Client(Okura, OkuraStaffToken);
        await Eventually.Until(() => okura.GetAsync("/console/procedures"), r => r.IsSuccessStatusCode, what: "大蔵村 in the e-application registry");
        await Ok(await admin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "water-service" }), HttpStatusCode.Created);
        await Ok(await admin.PostAsync("/console/procedures/water-service/publications", null), HttpStatusCode.Created);
        using var okuraAdmin = Client(Okura, OkuraAdminToken);
        await Ok(await okuraAdmin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "water-service" }), HttpStatusCode.Created);
        await Ok(await okuraAdmin.PostAsync("/console/procedures/water-service/publications", null), HttpStatusCode.Created);
        await Ok(await admin.PostAsync("/console/procedures", new StringContent(RenovationSubsidy, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        await Ok(await admin.PostAsync("/console/procedures/renovation-subsidy/publications", null), HttpStatusCode.Created);
    }

    /// <summary>
    /// 金山町's own form with file fields (住宅リフォーム補助金): an estimate as one PDF, up to two photos
    /// of at most 4 KB (small, so the tests exceed it cheaply).
    /// </summary>
    public const string RenovationSubsidy = """
        {
          "key": "renovation-subsidy", "version": 1, "retentionDays": 1825,
          "title": { "ja": "住宅リフォーム補助金 交付申請", "en": "Home renovation subsidy" },
          "sections": [
            { "key": "applicant", "title": { "ja": "申請者" }, "fields": [
              { "key": "name", "type": "text", "label": { "ja": "氏名" }, "required": true, "maxLength": 40 },
              { "key": "note", "type": "multilineText", "label": { "ja": "備考" }, "maxLength": 1000 },
              { "key": "works", "type": "multiChoice", "label": { "ja": "工事の内容" }, "options": [
                { "value": "roof", "label": { "ja": "屋根" } }, { "value": "wall", "label": { "ja": "外壁" } }, { "value": "insulation", "label": { "ja": "断熱" } } ] }
            ] },
            { "key": "documents", "title": { "ja": "添付書類" }, "fields": [
              { "key": "estimate", "type": "file", "label": { "ja": "見積書" }, "required": true, "allowedContentTypes": [ "application/pdf" ], "maxFileBytes": 1048576 },
              { "key": "photos", "type": "file", "label": { "ja": "施工前の写真" }, "allowedContentTypes": [ "image/jpeg", "image/png", "image/heic" ], "maxFileBytes": 4096, "maxFiles": 2 }
            ] }
          ]
        }
        """;

    /// <summary>
    /// Runs <paramref name="whileDown"/> with the SMTP server gone (connections refused), then starts a new
    /// sink on the same port: mails sent before are no longer in <see cref="Mail"/>.
    /// </summary>
    public async Task WithoutMailAsync(Func<Task> whileDown)
    {
        var port = Mail.Port;
        await Mail.DisposeAsync();
        try
        {
            await whileDown();
        }
        finally
        {
            Mail = SmtpSink.Start(port);
        }
    }

    /// <summary>A client addressing <paramref name="host"/> (none: the service's own address) with <paramref name="token"/> (none: anonymous).</summary>
    public HttpClient Client(string? host, string? token)
    {
        var client = host is null ? Service.CreateClient() : Service.CreateClientForHost(host);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await _onboarding.DisposeAsync();
        await Identity.DisposeAsync();
        await Database.DisposeAsync();
        await OkuraDatabase.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
