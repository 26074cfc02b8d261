using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using SharedServices.EApplication;
using SharedServices.Identity.Accounts;
using SharedServices.LocalMail;
using SharedServices.Onboarding;
using SharedServices.Testing;

namespace SharedServices.Benchmarks;

/// <summary>
/// <c>submissions [residents=64] [seconds=20]</c>: residents of one town apply concurrently through the
/// e-application HTTP API with real tokens (start, answers, submit: each a token-checked, tenant-resolved,
/// validated request; the submit appends the application's events and its integration event to the
/// outbox in one transaction and takes a receipt number), against the raw PostgreSQL rate of a
/// 3-INSERT transaction measured by pgbench in the same run on the same machine.
/// </summary>
internal static class SubmissionsCommand
{
    private const string Town = "kaneyama.localhost";
    private const string Password = "bench-resident-password";

    private static readonly Dictionary<string, string?> QuietLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Marten.Events.Daemon.Coordination.ProjectionCoordinator"] = "Error",
    };

    private const string SocketDirectory = Pgbench.SocketDirectory;

    public static async Task<int> RunAsync(int residents, int seconds, bool socket, bool oneRequestOnly, bool statements)
    {
        Program.PrintHeader($"E-application submissions: {residents} concurrent residents for {seconds} s over HTTP with tokens, next to pgbench (3-INSERT transactions, {residents} clients) in the same run");
        Console.WriteLine(socket
            ? $"   PostgreSQL over its Unix socket ({SocketDirectory}) for the e-application service and pgbench alike"
            : "   PostgreSQL over TCP on 127.0.0.1 (TLS, as Debian's PostgreSQL offers it) for the e-application service and pgbench alike");
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var cleanup = new Stack<Func<ValueTask>>();
        try
        {
            var virtualHost = await TestVirtualHost.CreateAsync("benchsub");
            cleanup.Push(virtualHost.DisposeAsync);
            var database = await TestDatabase.CreateAsync("bench_eapp");
            cleanup.Push(database.DisposeAsync);
            var onboardingDatabase = await TestDatabase.CreateAsync("bench_eapponb");
            cleanup.Push(onboardingDatabase.DisposeAsync);
            var identity = await TestIdentity.StartAsync(virtualHost, QuietLogs);
            cleanup.Push(identity.DisposeAsync);
            var settings = new Dictionary<string, string?>(QuietLogs) { ["Identity:Issuer"] = identity.Address.ToString() };
            // Each submission mails its receipt to the resident, as in the real service.
            var mail = SmtpSink.Start();
            cleanup.Push(mail.DisposeAsync);
            var serviceSettings = new Dictionary<string, string?>(settings)
            {
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = mail.Port.ToString(CultureInfo.InvariantCulture),
            };
            if (socket)
            {
                serviceSettings["ConnectionStrings:Marten"] = OverSocket(database.AppConnectionString);
                serviceSettings["ConnectionStrings:MartenRelay"] = OverSocket(database.RelayConnectionString);
            }
            var service = new ServiceHost<EApplicationService>(database, virtualHost, serviceSettings);
            cleanup.Push(service.DisposeAsync);
            service.StartServer();
            var onboarding = new ServiceHost<OnboardingService>(onboardingDatabase, virtualHost, settings);
            cleanup.Push(onboarding.DisposeAsync);

            using (var operatorClient = onboarding.CreateClient())
            {
                operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await identity.OperatorToken());
                Check(await operatorClient.PostAsJsonAsync("/operator/municipalities", new { code = "063614", slug = "kaneyama", nameEn = "Kaneyama", enabledServices = new[] { "e-application" } }), HttpStatusCode.Created);
            }
            using (var admin = Client(service, await identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator())))
            {
                var deadline = Stopwatch.StartNew();
                while (!(await admin.GetAsync("/console/procedures")).IsSuccessStatusCode && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(200);
                }
                Check(await admin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = "water-service" }), HttpStatusCode.Created);
                Check(await admin.PostAsync("/console/procedures/water-service/publications", null), HttpStatusCode.Created);
            }

            var tokens = new string[residents];
            for (var i = 0; i < residents; i++)
            {
                var login = $"bench-{i:000}@kaneyama.example";
                await identity.OpenAccountAsync(login, AccountKind.Resident, "063614", $"住民 {i}", Password);
                tokens[i] = await identity.SignIn(login, Password);
            }
            Console.WriteLine($"   Ready: 金山町 with water-service published, {residents} residents signed in (tokens from the identity service).");

            // Warm-up: a few cycles per resident (JIT, connection pools, validators).
            await RunResidentsAsync(service, tokens, TimeSpan.FromSeconds(3), oneRequestOnly ? OneRequestAsync : PortalFlowAsync);
            Measured? flow = null;
            var flowCpu = default(CpuUse);
            var cpuBefore = CpuUse.Now(database.Name);
            if (!oneRequestOnly)
            {
                flow = await RunResidentsAsync(service, tokens, TimeSpan.FromSeconds(seconds), PortalFlowAsync);
                flowCpu = CpuUse.Now(database.Name) - cpuBefore;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Measuring one request per submission for {seconds} s (process {Environment.ProcessId})"));
            using var commands = statements ? new DatabaseCommands() : null;
            cpuBefore = CpuUse.Now(database.Name);
            var oneRequest = await RunResidentsAsync(service, tokens, TimeSpan.FromSeconds(seconds), OneRequestAsync);
            var oneRequestCpu = CpuUse.Now(database.Name) - cpuBefore;
            commands?.Dispose();
            var pgbench = await Pgbench.RunAsync(Pgbench.ThreeInsertTables, Pgbench.ThreeInserts, residents, seconds, socket);
            var rabbit = await RawRabbitMq.MeasureAsync(virtualHost.Uri);

            Console.WriteLine();
            Console.WriteLine("== Results");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {"",-42}{"count",8}{"per s",10}{"p50 ms",9}{"p90 ms",9}{"p99 ms",9}{"max ms",9}"));
            if (flow is not null)
            {
                Console.WriteLine("   The portal's flow: three requests per submission");
                Row("submissions (start+answers+submit)", flow.Cycles, flow.Elapsed);
                Row("  POST /applications", flow.Steps[0], flow.Elapsed);
                Row("  PUT /applications/{id}/answers", flow.Steps[1], flow.Elapsed);
                Row("  POST /applications/{id}/submission", flow.Steps[2], flow.Elapsed);
                CpuRow(flowCpu, flow);
            }
            Console.WriteLine("   One request per submission (the whole form, submit: true)");
            Row("submissions (POST /applications)", oneRequest.Cycles, oneRequest.Elapsed);
            CpuRow(oneRequestCpu, oneRequest);
            commands?.Print(oneRequest.Cycles.Count, "submission", top: 30);
            var failures = (flow?.Failures ?? 0) + oneRequest.Failures;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   failed requests: {failures}"));
            Console.WriteLine(pgbench is { } raw
                ? string.Create(CultureInfo.InvariantCulture,
                    $"   pgbench, 3-INSERT transactions, {residents} clients, {seconds} s: {raw:0} tx/s → submissions are {(flow is null ? "" : $"{flow.Cycles.Count / flow.Elapsed.TotalSeconds / raw:P1} (portal's flow) and ")}{oneRequest.Cycles.Count / oneRequest.Elapsed.TotalSeconds / raw:P1} (one request) of the raw rate (target ≥ 50%)")
                : "   pgbench: not found (install postgresql-15 / postgresql-client); no raw rate to compare");
            // Each submission's ApplicationSubmitted leaves through the outbox: the broker's own rate, same run.
            Console.WriteLine($"   {RawRabbitMq.Describe(rabbit)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   → submissions (one request) are {oneRequest.Cycles.Count / oneRequest.Elapsed.TotalSeconds / rabbit.MessagesPerSecond:P1} of the raw RabbitMQ message rate (each publishes one event)"));
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            while (cleanup.TryPop(out var dispose))
            {
                try { await dispose(); } catch (Exception e) { Console.Error.WriteLine($"   cleanup: {e.Message}"); }
            }
        }
    }

    private sealed record Measured(List<double> Cycles, List<double>[] Steps, int Failures, TimeSpan Elapsed);

    /// <summary>One submission: the latency of each request in <paramref name="steps"/>; false when a request failed.</summary>
    private delegate Task<bool> Submission(HttpClient client, List<double>[] steps);

    private static async Task<bool> PortalFlowAsync(HttpClient client, List<double>[] steps)
    {
        var t = Stopwatch.GetTimestamp();
        var started = await client.PostAsJsonAsync("/applications", new { procedureKey = "water-service" });
        steps[0].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        if (started.StatusCode != HttpStatusCode.Created)
        {
            return false;
        }
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        t = Stopwatch.GetTimestamp();
        var saved = await client.PutAsJsonAsync($"/applications/{id}/answers", Answers());
        steps[1].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        if (saved.StatusCode != HttpStatusCode.NoContent)
        {
            return false;
        }
        t = Stopwatch.GetTimestamp();
        var submitted = await client.PostAsync($"/applications/{id}/submission", null);
        steps[2].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        return submitted.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<bool> OneRequestAsync(HttpClient client, List<double>[] steps)
    {
        var submitted = await client.PostAsJsonAsync("/applications", new { procedureKey = "water-service", answers = Answers(), submit = true });
        return submitted.StatusCode == HttpStatusCode.Created;
    }

    private static async Task<Measured> RunResidentsAsync(ServiceHost<EApplicationService> service, string[] tokens, TimeSpan duration, Submission submission)
    {
        var cycles = new List<double>();
        List<double>[] steps = [[], [], []];
        var failures = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var began = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(async token =>
        {
            using var client = Client(service, token);
            var mine = new List<double>();
            List<double>[] mySteps = [[], [], []];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var cycle = Stopwatch.GetTimestamp();
                if (!await submission(client, mySteps))
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(cycle).TotalMilliseconds);
            }
            lock (cycles)
            {
                cycles.AddRange(mine);
                for (var i = 0; i < steps.Length; i++)
                {
                    steps[i].AddRange(mySteps[i]);
                }
            }
        }));
        return new(cycles, steps, failures, began.Elapsed);
    }

    private static void CpuRow(CpuUse cpu, Measured measured)
    {
        if (measured.Cycles.Count == 0)
        {
            return;
        }
        double PerSubmission(TimeSpan t) => t.TotalMilliseconds / measured.Cycles.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"     CPU per submission: {PerSubmission(cpu.Process):0.00} ms this process (load generator, services, relay, consumers, SMTP sink), {PerSubmission(cpu.Database):0.00} ms PostgreSQL ({PerSubmission(cpu.App):0.00} ms requests and consumers, {PerSubmission(cpu.Relay):0.00} ms outbox relay); {(cpu.Process + cpu.Database).TotalSeconds / measured.Elapsed.TotalSeconds:0.00} of {Environment.ProcessorCount} cores busy"));
    }

    private static string OverSocket(string connectionString) => Pgbench.OverSocket(connectionString).ConnectionString;

    private static JsonObject Answers() => new()
    {
        ["name"] = "金山 花子", ["nameKana"] = "カネヤマ ハナコ", ["phone"] = "0233-52-2111", ["service"] = "start",
        ["postalCode"] = "999-5402", ["address"] = "山形県最上郡金山町大字金山324番地1",
        ["startDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["payment"] = "directDebit",
    };

    private static HttpClient Client(ServiceHost<EApplicationService> service, string token)
    {
        var client = service.CreateClientForHost(Town);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static void Check(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
        }
    }

    private static void Row(string what, List<double> latencies, TimeSpan elapsed)
    {
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {what,-42}{latencies.Count,8}{latencies.Count / elapsed.TotalSeconds,10:0}{P(0.5),9:0.0}{P(0.9),9:0.0}{P(0.99),9:0.0}{(latencies.Count == 0 ? 0 : latencies[^1]),9:0.0}"));
    }
}
