using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Identity.Accounts;
using SharedServices.Onboarding;
using SharedServices.Points;
using SharedServices.Testing;

namespace SharedServices.Benchmarks;

/// <summary>
/// <c>points [residents=500] [clients=64] [seconds=20] [--socket]</c>: one town, one hot campaign. Residents
/// are granted points through the real grant paths (the town's bulk grant, and concurrent enrolments
/// racing on one campaign's sharded budget), then concurrent clients, each paying for residents no
/// other client pays for, redeem at a few merchants (<c>POST /payments</c> with idempotency keys and real
/// tokens), next to pgbench (3-INSERT transactions, and one hot row) in the same run; at the end the
/// town's reconciliation report must balance and its spent total must equal what the clients paid.
/// </summary>
internal static class PointsCommand
{
    private const string Town = "kaneyama.localhost";
    private const string TownCode = "063614";
    private const string Password = "bench-resident-password";
    private const int Merchants = 4;

    /// <summary>The cloud price the cost line assumes: a 2-vCPU VM a month (an on-demand general-purpose VM in Tokyo, roughly).</summary>
    private const double VmYenPerMonth = 13_500;
    private const int VmCpus = 2;
    private const double PostageYen = 110;

    private static readonly Dictionary<string, string?> QuietLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Marten.Events.Daemon.Coordination.ProjectionCoordinator"] = "Error",
    };

    private sealed record Resident(string Token, string Id);

    public static async Task<int> RunAsync(int residentCount, int clients, int seconds, bool socket, bool statements)
    {
        clients = Math.Min(clients, residentCount);
        Program.PrintHeader($"Local points: {residentCount} residents granted, then {clients} concurrent clients redeem for {seconds} s at {Merchants} merchants over HTTP with tokens, next to pgbench in the same run");
        Console.WriteLine(socket
            ? $"   PostgreSQL over its Unix socket ({Pgbench.SocketDirectory}) for the points service and pgbench alike"
            : "   PostgreSQL over TCP on 127.0.0.1 (TLS, as Debian's PostgreSQL offers it) for the points service and pgbench alike");
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var cleanup = new Stack<Func<ValueTask>>();
        var failed = false;
        try
        {
            var virtualHost = await TestVirtualHost.CreateAsync("benchpts");
            cleanup.Push(virtualHost.DisposeAsync);
            var database = await TestDatabase.CreateAsync("bench_points");
            cleanup.Push(database.DisposeAsync);
            var onboardingDatabase = await TestDatabase.CreateAsync("bench_ptsonb");
            cleanup.Push(onboardingDatabase.DisposeAsync);
            var identity = await TestIdentity.StartAsync(virtualHost, QuietLogs);
            cleanup.Push(identity.DisposeAsync);
            var settings = new Dictionary<string, string?>(QuietLogs) { ["Identity:Issuer"] = identity.Address.ToString() };
            var serviceSettings = new Dictionary<string, string?>(settings);
            if (socket)
            {
                serviceSettings["ConnectionStrings:Marten"] = Pgbench.OverSocket(database.AppConnectionString).ConnectionString;
                serviceSettings["ConnectionStrings:MartenRelay"] = Pgbench.OverSocket(database.RelayConnectionString).ConnectionString;
            }
            var service = new ServiceHost<PointsService>(database, virtualHost, serviceSettings);
            cleanup.Push(service.DisposeAsync);
            service.StartServer();
            var onboarding = new ServiceHost<OnboardingService>(onboardingDatabase, virtualHost, settings);
            cleanup.Push(onboarding.DisposeAsync);

            using (var operatorClient = onboarding.CreateClient())
            {
                operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await identity.OperatorToken());
                await Expect(await operatorClient.PostAsJsonAsync("/operator/municipalities", new { code = TownCode, slug = "kaneyama", nameEn = "Kaneyama", enabledServices = new[] { "points" } }), HttpStatusCode.Created);
            }
            using var admin = Client(service, await identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator()));
            var waited = Stopwatch.StartNew();
            while (!(await admin.GetAsync("/console/campaigns")).IsSuccessStatusCode && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
            var merchantCodes = new List<string>();
            string[] categories = ["food", "restaurant", "retail", "service"];
            for (var m = 0; m < Merchants; m++)
            {
                var registered = await Expect(await admin.PostAsJsonAsync("/console/merchants", new
                {
                    name = $"金山商店 {m + 1}", category = categories[m % categories.Length], corporateNumber = (string?)null, soleProprietor = true, loginEmail = $"shop{m}@bench.example",
                    payout = new { bankCode = "0117", branchCode = "101", accountType = 1, accountNumber = "1234567", holderKana = "ｶﾈﾔﾏｼｮｳﾃﾝ" },
                }), HttpStatusCode.Created);
                merchantCodes.Add(registered.GetProperty("code").GetString()!);
            }

            // Every resident is a real account signed in through the code + PKCE flow once, so each
            // client pays with its own residents' tokens (own wallets, own locks). The cost is two
            // PBKDF2 hashes per resident (the account's password, then the sign-in), so both run in parallel.
            var signingIn = Stopwatch.StartNew();
            var residents = new Resident[residentCount];
            await Parallel.ForAsync(0, residentCount, new ParallelOptions { MaxDegreeOfParallelism = 4 * Environment.ProcessorCount }, async (i, _) =>
            {
                var login = $"bench-{i:0000}@kaneyama.example";
                await identity.OpenAccountAsync(login, AccountKind.Resident, TownCode, $"住民 {i}", Password);
                var token = await identity.SignIn(login, Password);
                residents[i] = new(token, Subject(token));
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {residentCount} resident accounts opened and signed in (code + PKCE, {4 * Environment.ProcessorCount} at a time) in {signingIn.Elapsed.TotalSeconds:0.0} s"));
            await Expect(await admin.PutAsJsonAsync("/console/resident-records",
                residents.Select(r => new { residentId = r.Id, birthDate = "1980-04-01", incomeBracket = 3, childrenBirthDates = Array.Empty<string>() })), HttpStatusCode.OK);

            // The hot campaign: the town grants every resident in its records; residents spend it.
            const long townGrant = 100_000;
            var hot = await OpenCampaignAsync(admin, "かねやま応援ポイント", "town", townGrant);
            var cpuBefore = CpuUse.Now(database.Name);
            var bulk = Stopwatch.StartNew();
            var bulkResult = await Expect(await admin.PostAsync($"/console/campaigns/{hot}/grants", null), HttpStatusCode.OK);
            bulk.Stop();
            var bulkCpu = CpuUse.Now(database.Name) - cpuBefore;
            var bulkGranted = bulkResult.GetProperty("granted").GetInt32();

            // Concurrent grants on one campaign: every resident enrols at once, racing on its budget's allotments.
            const long enrolmentGrant = 1_000;
            var enrolment = await OpenCampaignAsync(admin, "かねやま子育て応援ポイント", "enrolment", enrolmentGrant);
            cpuBefore = CpuUse.Now(database.Name);
            var enrolled = await RunClientsAsync(service, residents, clients, once: true, TimeSpan.MaxValue,
                (http, resident, _) => Send(http, HttpMethod.Post, $"/campaigns/{enrolment}/enrolment", resident, null, HttpStatusCode.Created));
            var enrolmentCpu = CpuUse.Now(database.Name) - cpuBefore;

            // Redemptions: each client pays for its own residents in turn (client c: residents c, c + clients, …).
            long paidPoints = 0;
            Task<Outcome> Pay(HttpClient http, Resident resident, int n)
            {
                var points = Random.Shared.Next(1, 301);
                var body = new { merchantCode = merchantCodes[n % merchantCodes.Count], points, idempotencyKey = Guid.NewGuid().ToString("N") };
                return PayAsync(http, resident, body, () => Interlocked.Add(ref paidPoints, points));
            }
            Console.WriteLine($"   Granted; redeeming: 3 s warm-up, then {seconds} s measured.");
            var warmUp = await RunClientsAsync(service, residents, clients, once: false, TimeSpan.FromSeconds(3), Pay);
            using var commands = statements ? new DatabaseCommands() : null;
            cpuBefore = CpuUse.Now(database.Name);
            var payments = await RunClientsAsync(service, residents, clients, once: false, TimeSpan.FromSeconds(seconds), Pay);
            var paymentCpu = CpuUse.Now(database.Name) - cpuBefore;
            commands?.Dispose();

            var threeInserts = await Pgbench.RunAsync(Pgbench.ThreeInsertTables, Pgbench.ThreeInserts, clients, seconds, socket);
            var hotRow = await Pgbench.RunAsync(Pgbench.HotRowTable, Pgbench.HotRowUpdate, clients, Math.Min(seconds, 10), socket);
            var rabbit = await RawRabbitMq.MeasureAsync(virtualHost.Uri);

            var report = await Expect(await admin.GetAsync("/console/ledger/reconciliation"), HttpStatusCode.OK);

            Console.WriteLine();
            Console.WriteLine("== Results");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {"",-46}{"count",8}{"per s",9}{"p50 ms",9}{"p90 ms",9}{"p99 ms",9}{"max ms",9}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {"grants, town's bulk grant (one request)",-46}{bulkGranted,8}{bulkGranted / bulk.Elapsed.TotalSeconds,9:0}   {bulk.Elapsed.TotalMilliseconds:0} ms for the request"));
            CpuRow("grant", bulkCpu, bulkGranted, bulk.Elapsed);
            Row($"grants, enrolments ({clients} concurrent)", enrolled);
            CpuRow("grant", enrolmentCpu, enrolled.Latencies.Count, enrolled.Elapsed);
            Row($"redemptions, POST /payments ({clients} concurrent)", payments);
            CpuRow("redemption", paymentCpu, payments.Latencies.Count, payments.Elapsed);
            commands?.Print(payments.Latencies.Count, "redemption");
            Console.WriteLine($"   answers: enrolments {enrolled.StatusText}; payments (warm-up and measured) {warmUp.Merge(payments).StatusText}");
            var rate = payments.Latencies.Count / payments.Elapsed.TotalSeconds;
            Console.WriteLine(threeInserts is { } raw
                ? string.Create(CultureInfo.InvariantCulture,
                    $"   pgbench, 3-INSERT transactions, {clients} clients, {seconds} s: {raw:0} tx/s → redemptions are {rate / raw:P1} of the raw rate")
                : "   pgbench: not found (install postgresql-15 / postgresql-client); no raw rate to compare");
            // Each redemption's PointsSpent leaves through the outbox: the broker's own rate, same run.
            Console.WriteLine($"   {RawRabbitMq.Describe(rabbit)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   → redemptions are {rate / rabbit.MessagesPerSecond:P1} of the raw RabbitMQ message rate (each publishes one event)"));
            if (hotRow is { } row)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   pgbench, one hot row (UPDATE budget SET remaining = remaining - 1), {clients} clients, {Math.Min(seconds, 10)} s: {row:0} tx/s → redemptions are {rate / row:P1} of it"));
            }

            var balanced = report.GetProperty("balanced").GetBoolean();
            long spent = 0, refunded = 0, granted = 0;
            foreach (var campaign in report.GetProperty("campaigns").EnumerateArray())
            {
                var entries = campaign.GetProperty("entries");
                (spent, refunded, granted) = (spent + entries.GetProperty("spent").GetInt64(), refunded + entries.GetProperty("refunded").GetInt64(), granted + entries.GetProperty("granted").GetInt64());
            }
            var expectedGranted = bulkGranted * townGrant + enrolled.Latencies.Count * enrolmentGrant;
            var exact = spent - refunded == paidPoints && granted == expectedGranted;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   reconciliation: {(balanced ? "balanced" : "NOT BALANCED")} in every check; granted {granted:N0} (clients counted {expectedGranted:N0}), spent {spent:N0} (clients counted {paidPoints:N0} in {warmUp.Latencies.Count + payments.Latencies.Count:N0} payments) → {(exact ? "exact" : "NOT EXACT")}"));
            if (!balanced)
            {
                Console.WriteLine(report.ToString());
            }

            var yenPerCpuSecond = VmYenPerMonth / VmCpus / (30 * 24 * 3600);
            double Yen(CpuUse cpu, int count) => (cpu.Process + cpu.Database).TotalSeconds / Math.Max(count, 1) * yenPerCpuSecond;
            var perGrant = Yen(enrolmentCpu, enrolled.Latencies.Count);
            var perRedemption = Yen(paymentCpu, payments.Latencies.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   cost, at ¥{VmYenPerMonth:N0} a month for a {VmCpus}-vCPU VM (¥{yenPerCpuSecond:0.00000} per CPU-second), from the CPU measured above (this process and PostgreSQL):"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"     per grant ¥{perGrant:0.000000} (enrolment; ¥{Yen(bulkCpu, bulkGranted):0.000000} in the town's bulk grant), per redemption ¥{perRedemption:0.000000}: 1/{PostageYen / perGrant:N0} and 1/{PostageYen / perRedemption:N0} of a letter's postage (¥{PostageYen:0})"));

            failed = !balanced || !exact || enrolled.Failures > 0 || payments.Failures > 0 || warmUp.Failures > 0;
            return failed ? 1 : 0;
        }
        finally
        {
            while (cleanup.TryPop(out var dispose))
            {
                try { await dispose(); } catch (Exception e) { Console.Error.WriteLine($"   cleanup: {e.Message}"); }
            }
        }
    }

    /// <summary>How one request went: its status (0 when no answer came) and whether it did what was asked.</summary>
    private readonly record struct Outcome(int Status, bool Succeeded);

    private sealed record Measured(List<double> Latencies, Dictionary<int, int> Statuses, TimeSpan Elapsed)
    {
        public int Failures => Statuses.Where(s => s.Key is not (200 or 201)).Sum(s => s.Value);

        public string StatusText => string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value:N0}"));

        public Measured Merge(Measured other)
        {
            var statuses = new Dictionary<int, int>(Statuses);
            foreach (var (status, count) in other.Statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + count;
            }
            return new([.. Latencies, .. other.Latencies], statuses, Elapsed + other.Elapsed);
        }
    }

    /// <summary>
    /// <paramref name="clients"/> concurrent clients; client c acts for residents c, c + clients, … in turn,
    /// so no two clients ever act for the same resident. With <paramref name="once"/>, each resident once;
    /// otherwise until <paramref name="duration"/> has passed.
    /// </summary>
    private static async Task<Measured> RunClientsAsync(ServiceHost<PointsService> service, Resident[] residents, int clients, bool once, TimeSpan duration,
        Func<HttpClient, Resident, int, Task<Outcome>> act)
    {
        var latencies = new List<double>();
        var statuses = new Dictionary<int, int>();
        var stopAt = once ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var began = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var http = service.CreateClientForHost(Town);
            var mine = new List<double>();
            var myStatuses = new Dictionary<int, int>();
            var own = Enumerable.Range(0, residents.Length).Where(i => i % clients == c).Select(i => residents[i]).ToArray();
            for (var n = 0; (once ? n < own.Length : Stopwatch.GetTimestamp() < stopAt); n++)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await act(http, own[n % own.Length], n + c);
                myStatuses[outcome.Status] = myStatuses.GetValueOrDefault(outcome.Status) + 1;
                if (outcome.Succeeded)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
                foreach (var (status, count) in myStatuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + count;
                }
            }
        }));
        return new(latencies, statuses, began.Elapsed);
    }

    /// <summary>
    /// A payment; when no answer comes (the connection failed), the same request again with the same
    /// idempotency key, as a till would: it either finds the payment or makes it, never both.
    /// </summary>
    private static async Task<Outcome> PayAsync(HttpClient http, Resident resident, object body, Action counted)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await Send(http, HttpMethod.Post, "/payments", resident, body, HttpStatusCode.Created);
                if (outcome.Succeeded || (outcome.Status == 200 && attempt > 1))
                {
                    counted();
                    return outcome with { Succeeded = true };
                }
                return outcome;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (attempt == 3)
                {
                    return new(0, false);  // the outcome is unknown: reported as "no answer", and the totals will say so
                }
            }
        }
    }

    private static async Task<Outcome> Send(HttpClient http, HttpMethod method, string path, Resident resident, object? body, HttpStatusCode success)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", resident.Token);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return new((int)response.StatusCode, response.StatusCode == success);
    }

    private static async Task<string> OpenCampaignAsync(HttpClient admin, string name, string trigger, long pointsPerGrant)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await Expect(await admin.PostAsJsonAsync("/console/campaigns", new
        {
            name, purpose = "地域経済の応援 (benchmark)", trigger, procedureKey = (string?)null, pointsPerGrant, perResidentCap = pointsPerGrant,
            budget = 1_000_000_000L, grantFrom = now.AddMinutes(-5), grantUntil = now.AddDays(30), spendFrom = now.AddMinutes(-5), spendUntil = now.AddDays(60),
            expiryDays = (int?)null, allowedCategories = Array.Empty<string>(), eligibility = new { },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await Expect(await admin.PostAsync($"/console/campaigns/{id}/opening", null), HttpStatusCode.OK);
        return id;
    }

    private static HttpClient Client(ServiceHost<PointsService> service, string token)
    {
        var client = service.CreateClientForHost(Town);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The account id (<c>sub</c>) in a JWT access token.</summary>
    private static string Subject(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
    }

    private static void Row(string what, Measured measured)
    {
        var latencies = measured.Latencies;
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {what,-46}{latencies.Count,8}{latencies.Count / measured.Elapsed.TotalSeconds,9:0}{P(0.5),9:0.0}{P(0.9),9:0.0}{P(0.99),9:0.0}{(latencies.Count == 0 ? 0 : latencies[^1]),9:0.0}"));
    }

    private static void CpuRow(string what, CpuUse cpu, int count, TimeSpan elapsed)
    {
        if (count == 0)
        {
            return;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"     CPU per {what}: {cpu.Process.TotalMilliseconds / count:0.00} ms this process (load generator, services, relay), {cpu.Database.TotalMilliseconds / count:0.00} ms PostgreSQL; {(cpu.Process + cpu.Database).TotalSeconds / elapsed.TotalSeconds:0.00} of {Environment.ProcessorCount} cores busy"));
    }
}
