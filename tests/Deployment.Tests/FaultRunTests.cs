using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Identity.Accounts;
using Npgsql;
using SharedServices.LocalMail;
using SharedServices.Testing;

namespace SharedServices.Deployment.Tests;

/// <summary>Runs alone: it restarts RabbitMQ and PostgreSQL, which every other test of the assembly uses.</summary>
[CollectionDefinition(nameof(FaultRun), DisableParallelization = true)]
public sealed class FaultRun;

/// <summary>
/// A fault run (issue 9): residents of 金山町 submit water-service applications while its staff approve each one, and
/// every approval grants points (an applicationApproved campaign), across e-application and points as processes of
/// their own on one RabbitMQ virtual host. During the load, one fault after another, round and round: RabbitMQ is
/// stopped and started, the points process is killed with SIGKILL and started again, so is the e-application
/// process, and PostgreSQL is restarted. Requests that fail while something is down (no answer, or a 503 problem
/// while the database is out of reach, never a 500) are the callers' to retry; what
/// the platform promises is counted after recovery: every accepted submission exists and (approved) is approved, each
/// approval granted exactly once (every resident's wallet holds 100 points per approved application of theirs), the
/// ledger reconciles, and no message is left on any queue, error queues included.
/// </summary>
/// <remarks>
/// Short in the default run (<c>FAULT_RUN_SECONDS</c>, 30 unless set: each fault once, as a round of them takes about that long); the long form is the same test for longer,
/// e.g. <c>FAULT_RUN_SECONDS=600 dotnet test tests/Deployment.Tests -c Release --filter FaultRunTests</c>.
/// </remarks>
[Collection(nameof(FaultRun))]
public sealed class FaultRunTests : IAsyncLifetime
{
    private const string Town = "063614";
    private const string Host = "kaneyama.localhost";
    private const string Password = "a-test-password-1";
    private const int Residents = 8;
    private const long PointsPerApproval = 100;

    /// <summary>Each resident's pause after an accepted submission: about 40 a second in all, which staff approve as they come.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(150);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Dictionary<string, TestDatabase> _databases = [];
    private readonly Dictionary<string, ServiceProcess> _running = [];
    private readonly Dictionary<string, Dictionary<string, string>> _settings = [];
    private readonly List<string> _log = [];
    private TestVirtualHost _virtualHost = null!;
    private TestIdentity _identity = null!;
    private SmtpSink _mail = null!;

    public async ValueTask InitializeAsync()
    {
        _virtualHost = await TestVirtualHost.CreateAsync("faults");
        _identity = await TestIdentity.StartAsync(_virtualHost);
        _mail = SmtpSink.Start();
        foreach (var service in new[] { "Onboarding", "EApplication", "Points" })
        {
            _databases[service] = await TestDatabase.CreateAsync("fault" + service.ToLowerInvariant());
            _settings[service] = new()
            {
                ["Identity:Issuer"] = _identity.Address.ToString(),
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = _mail.Port.ToString(CultureInfo.InvariantCulture),
                ["Tenancy:RefreshSeconds"] = "1",
            };
            await StartAsync(service);
        }
    }

    [Fact]
    public async Task Under_broker_process_and_database_restarts_nothing_accepted_is_lost_and_every_approval_grants_once()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FAULT_RUN_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 30;
        var (admin, staff, residents, campaign) = await SetUpAsync();

        // The load: residents submit one after another; staff approve what was accepted, in order.
        var accepted = new ConcurrentDictionary<string, int>();   // application → resident
        var toApprove = new BlockingCollection<string>();
        var refused = new ConcurrentDictionary<string, int>();   // how: a status, or no answer
        var stopAt = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        var loading = true;   // until the time is up and every fault has happened at least once
        async Task SubmitAllAsync()
        {
            try
            {
                await Task.WhenAll(residents.Select((token, i) => Task.Run(() => SubmitAsync(token, i), Ct)));
            }
            finally
            {
                toApprove.CompleteAdding();
            }
        }
        async Task SubmitAsync(string token, int i)
        {
            while (Volatile.Read(ref loading))
            {
                var answer = await TryAsync("EApplication", token, http => http.PostAsJsonAsync("/applications",
                    new { procedureKey = "water-service", answers = WaterStart(), submit = true }, Ct));
                if (answer is { StatusCode: HttpStatusCode.Created } created)
                {
                    var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
                    accepted[id] = i;
                    toApprove.Add(id, Ct);
                    await Task.Delay(Pace, Ct);
                }
                else
                {
                    refused.AddOrUpdate(answer is null ? "no answer" : ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    await Task.Delay(100, Ct);
                }
            }
        }
        var submitting = SubmitAllAsync();
        var approving = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            foreach (var id in toApprove.GetConsumingEnumerable(Ct))
            {
                await ApproveAsync(staff, id, TimeSpan.FromSeconds(120));
            }
        }, Ct)));

        var faults = 0;
        do
        {
            foreach (var fault in new Func<Task>[] { RestartRabbitMqAsync, () => KillAndRestartAsync("Points"), () => KillAndRestartAsync("EApplication"), RestartPostgresAsync })
            {
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                await fault();
                faults++;
            }
        }
        while (stopAt.Elapsed < duration);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);   // load after the last fault, too
        Volatile.Write(ref loading, false);
        await submitting;
        await approving;
        Note($"load: {seconds} s, {accepted.Count} submissions accepted, {refused.Values.Sum()} refused while something was down "
            + $"({string.Join(", ", refused.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {r.Value}"))}), {faults} faults in {stopAt.Elapsed.TotalSeconds:F0} s");

        // An outage is said as one (503, try again), never as a 500.
        Assert.True(!refused.ContainsKey("500"), $"{refused.GetValueOrDefault("500")} requests got a 500 during the faults");

        // Every accepted submission exists and is approved.
        await Parallel.ForEachAsync(accepted.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (id, _) =>
        {
            var detail = await Send("EApplication", staff, http => http.GetAsync($"/console/applications/{id}", Ct));
            Assert.True(detail.StatusCode == HttpStatusCode.OK, $"accepted application {id} is gone: {(int)detail.StatusCode}");
            Assert.Equal("Approved", (await detail.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        });

        // Each approval granted exactly once: every wallet holds 100 points per approved application of its resident.
        var expected = Enumerable.Range(0, Residents).Select(i => accepted.Values.Count(r => r == i) * PointsPerApproval).ToArray();
        for (var i = 0; i < Residents; i++)
        {
            var want = expected[i];
            await Eventually.Until(() => WalletTotalAsync(residents[i]), total => total >= want, TimeSpan.FromSeconds(90),
                $"resident {i}'s grants ({want} points)");
        }
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // time for a duplicate to arrive, if one were coming
        for (var i = 0; i < Residents; i++)
        {
            Assert.Equal(expected[i], await WalletTotalAsync(residents[i]));
        }
        var figures = await ReadAsync("Points", admin, $"/console/campaigns/{campaign}");
        Assert.Equal(accepted.Count * PointsPerApproval, figures.GetProperty("figures").GetProperty("granted").GetInt64());
        var reconciliation = await ReadAsync("Points", staff, "/console/ledger/reconciliation");
        Assert.True(reconciliation.GetProperty("balanced").GetBoolean(), reconciliation.ToString());

        // A third service counted each grant once too: the prefecture dashboard (onboarding) records every PointsGranted.
        var dashboard = await Eventually.Until(() => DashboardGrantsAsync(), d => d.Points >= accepted.Count * PointsPerApproval, TimeSpan.FromSeconds(90),
            "the dashboard to record every grant");
        Assert.Equal((accepted.Count, accepted.Count * PointsPerApproval), dashboard);

        // Nothing left on the broker, none dead-lettered.
        var waiting = await Eventually.Until(WaitingAsync, w => w.Count == 0, TimeSpan.FromSeconds(30), "every queue to be empty");
        Note($"after recovery: {accepted.Count} accepted submissions all approved, {accepted.Count * PointsPerApproval} points granted "
            + $"({string.Join(", ", expected)} per resident), ledger balanced, the dashboard counted {dashboard.Grants} grants, "
            + $"{waiting.Count} queues with messages; recovered {stopAt.Elapsed.TotalSeconds:F0} s after the load began");
        Assert.True(waiting.Count == 0, "messages left on queues:\n" + string.Join('\n', waiting));
        Assert.True(!accepted.IsEmpty && faults >= 4, $"the run proved nothing: {accepted.Count} accepted, {faults} faults in {stopAt.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Queues with messages on them ("name: count"), error queues included.</summary>
    private async Task<List<string>> WaitingAsync()
    {
        var queues = await RabbitMqCtl.RunAsync("list_queues", "-p", _virtualHost.Name, "--quiet", "--no-table-headers", "name", "messages");
        return queues.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .Where(f => f.Length == 2 && int.TryParse(f[1], out var n) && n > 0).Select(f => $"{f[0]}: {f[1]}").ToList();
    }

    /// <summary>The grants the onboarding service's dashboard has recorded: how many, and their points.</summary>
    private async Task<(int Grants, long Points)> DashboardGrantsAsync()
    {
        await using var connection = new NpgsqlConnection(_databases["Onboarding"].OwnerConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("select count(*)::int, coalesce(sum(points), 0)::bigint from public.dash_points where kind = 'granted'", connection);
        await using var reader = await count.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    private async Task<(string Admin, string Staff, string[] Residents, string Campaign)> SetUpAsync()
    {
        await Ok("Onboarding", await _identity.OperatorToken(), http => http.PostAsJsonAsync("/operator/municipalities",
            new { code = Town, slug = "kaneyama", nameEn = "Kaneyama", enabledServices = new[] { "e-application", "points" } }, Ct), host: null);
        var admin = await _identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator());
        var staff = await _identity.SignIn(TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, new TotpAuthenticator());
        await Eventually.Until(() => Send("EApplication", admin, http => http.GetAsync("/console/procedures", Ct)), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "金山町 in e-application");
        await Eventually.Until(() => Send("Points", admin, http => http.GetAsync("/console/campaigns", Ct)), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "金山町 in points");
        await Ok("EApplication", admin, http => http.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "water-service" }, Ct));
        await Ok("EApplication", admin, http => http.PostAsync("/console/procedures/water-service/publications", null, Ct));

        var now = DateTimeOffset.UtcNow;
        var campaign = (await Json("Points", admin, http => http.PostAsJsonAsync("/console/campaigns", new
        {
            name = "水道開栓応援ポイント", purpose = "障害試験", trigger = "applicationApproved", procedureKey = "water-service",
            pointsPerGrant = PointsPerApproval, perResidentCap = 100_000_000L, budget = 100_000_000L,
            grantFrom = now.AddMinutes(-5), grantUntil = now.AddDays(30), spendFrom = now.AddMinutes(-5), spendUntil = now.AddDays(60),
        }, Ct))).GetProperty("id").GetString()!;
        await Ok("Points", admin, http => http.PostAsync($"/console/campaigns/{campaign}/opening", null, Ct));

        var residents = new string[Residents];
        for (var i = 0; i < Residents; i++)
        {
            var login = $"fault-{i}@kaneyama.example";
            await _identity.OpenAccountAsync(login, AccountKind.Resident, Town, $"障害 試験{i}", Password);
            residents[i] = await _identity.SignIn(login, Password);
        }
        return (admin, staff, residents, campaign);
    }

    /// <summary>Approves, retrying while something is down; a 409 after a lost answer is fine if it is approved.</summary>
    private async Task ApproveAsync(string staff, string id, TimeSpan patience)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < patience)
        {
            var answer = await TryAsync("EApplication", staff, http => http.PostAsJsonAsync($"/console/applications/{id}/decision", new { outcome = "approve" }, Ct));
            if (answer?.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict)
            {
                return;
            }
            await Task.Delay(200, Ct);
        }
    }

    private async Task<long> WalletTotalAsync(string resident)
    {
        var answer = await TryAsync("Points", resident, http => http.GetAsync("/wallet", Ct));
        return answer is { IsSuccessStatusCode: true } ok ? (await ok.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("total").GetInt64() : 0;
    }

    private async Task RestartRabbitMqAsync()
    {
        await RabbitMqCtl.RunAsync("stop_app");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await RabbitMqCtl.RunAsync("start_app");
        Note("RabbitMQ stopped for 3 s and started");
    }

    private async Task KillAndRestartAsync(string service)
    {
        _running[service].Kill();
        await _running[service].DisposeAsync();
        await StartAsync(service);
        Note($"{service} killed (SIGKILL) and started again");
    }

    private async Task RestartPostgresAsync()
    {
        var clusters = (await Processes.RunAsync("pg_lsclusters", null, "-h")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cluster = clusters.Select(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First(c => c.Length > 2 && c[2] == "5432");
        var (exitCode, _, error) = await Processes.RunAsync("pg_ctlcluster", null, cluster[0], cluster[1], "restart");
        Assert.True(exitCode == 0, $"pg_ctlcluster restart failed: {error}");
        Note($"PostgreSQL {cluster[0]}/{cluster[1]} restarted");
    }

    private async Task StartAsync(string service)
    {
        var contentRoot = Path.Combine(ServiceProcess.RepositoryRoot(), "services", service);
        _running[service] = await ServiceProcess.StartAsync("SharedServices." + service, contentRoot, _databases[service], _virtualHost, _settings[service]);
    }

    private HttpClient Client(string service, string token, string? host = Host)
    {
        var client = new HttpClient { BaseAddress = _running[service].Address, Timeout = TimeSpan.FromSeconds(10) };
        if (host is not null)
        {
            client.DefaultRequestHeaders.Host = host;
        }
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>One request to the service's running process (its body read before the client goes).</summary>
    private async Task<HttpResponseMessage> Send(string service, string token, Func<HttpClient, Task<HttpResponseMessage>> send, string? host = Host)
    {
        using var http = Client(service, token, host);
        return await send(http);
    }

    /// <summary>The answer, or none if the service could not be reached (killed, restarting) or took too long.</summary>
    private async Task<HttpResponseMessage?> TryAsync(string service, string token, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        try
        {
            return await Send(service, token, send);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> Ok(string service, string token, Func<HttpClient, Task<HttpResponseMessage>> send, string? host = Host)
    {
        var answer = await Send(service, token, send, host);
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(Ct)}");
        return answer;
    }

    /// <summary>
    /// A read after the faults, as a client makes it: a 503 ("could not reach its database, try again":
    /// the first use of a pooled connection the last PostgreSQL restart broke) is asked again, for up to
    /// 20 s. Any other failure fails the test at once.
    /// </summary>
    private async Task<JsonElement> ReadAsync(string service, string token, string path)
    {
        var answer = await Eventually.Until(() => Send(service, token, http => http.GetAsync(path, Ct)),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20), $"{service} {path} to answer");
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(Ct)}");
        return await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<JsonElement> Json(string service, string token, Func<HttpClient, Task<HttpResponseMessage>> send) =>
        await (await Ok(service, token, send)).Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static Dictionary<string, object> WaterStart() => new()
    {
        ["name"] = "障害 試験", ["nameKana"] = "ショウガイ シケン", ["phone"] = "0233-52-2111", ["service"] = "start",
        ["postalCode"] = "999-5402", ["address"] = "山形県最上郡金山町大字金山324番地1",
        ["startDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["payment"] = "directDebit",
    };

    private void Note(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Values)
        {
            await process.DisposeAsync();
        }
        await _identity.DisposeAsync();
        await _mail.DisposeAsync();
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
        await _virtualHost.DisposeAsync();
    }
}
