using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Onboarding;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Portal;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Benchmarks;

/// <summary>
/// Onboarding-to-usable latency end to end: the onboarding service and the portal as two real hosts
/// with their own PostgreSQL databases, joined only by a RabbitMQ virtual host of their own. Each
/// town is onboarded by the operator API, then the portal is polled by host every 5 ms until it
/// serves the town.
/// </summary>
internal static class OnboardingCommand
{
    private const int WarmConcurrency = 4;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan TownTimeout = TimeSpan.FromSeconds(60);

    // Keep the hosts' own log output to warnings and errors, so the figures stand out. Marten's
    // projection coordinator warns when dropping the databases at the end cuts its LISTEN connection.
    private static readonly Dictionary<string, string?> QuietLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Marten.Events.Daemon.Coordination.ProjectionCoordinator"] = "Error",
    };

    public static async Task<int> RunAsync(int count, int warm)
    {
        Program.PrintHeader(
            "Onboarding-to-usable latency: POST /operator/municipalities (onboarding) until GET {slug}.localhost/api/town answers 200 (portal), real PostgreSQL + RabbitMQ");

        var plan = TownPlan.Make(count, warm);
        if (plan.Error is { } planError)
        {
            await Console.Error.WriteLineAsync(planError);
            return 2;
        }
        if (plan.Warm.Count < warm)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   Note: prefecture 06 has only {TownPlan.Capacity} codes a town can be onboarded with (1,000 five-digit prefixes less 060003, the prefecture itself); warming {plan.Warm.Count} towns, not {warm}."));
        }

        // WebApplicationFactory finds the services' content roots in MvcTestingAppManifest.json, which
        // it looks for in the current directory: `dotnet run --project` starts elsewhere.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the finally block below drop the databases and the virtual host
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var cleanup = new Stack<(string What, Func<ValueTask> DisposeAsync)>();
        var exitCode = 0;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var virtualHost = await TestVirtualHost.CreateAsync("bench");
            cleanup.Push(($"RabbitMQ virtual host {virtualHost.Name}", virtualHost.DisposeAsync));
            var onboardingDatabase = await TestDatabase.CreateAsync("bench_onboarding");
            cleanup.Push(($"database {onboardingDatabase.Name}", onboardingDatabase.DisposeAsync));
            var portalDatabase = await TestDatabase.CreateAsync("bench_portal");
            cleanup.Push(($"database {portalDatabase.Name}", portalDatabase.DisposeAsync));

            var identity = await TestIdentity.StartAsync(virtualHost, QuietLogs);
            cleanup.Push(("identity host", identity.DisposeAsync));
            var onboarding = new ServiceHost<OnboardingService>(onboardingDatabase, virtualHost,
                new Dictionary<string, string?>(QuietLogs) { ["Identity:Issuer"] = identity.Address.ToString() });
            cleanup.Push(("onboarding host", onboarding.DisposeAsync));
            var portal = new ServiceHost<PortalService>(portalDatabase, virtualHost, QuietLogs);
            cleanup.Push(("portal host", portal.DisposeAsync));
            onboarding.StartServer();
            portal.StartServer();

            using var operatorClient = onboarding.CreateClient();
            operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", await identity.OperatorToken());
            using var portalClient = portal.CreateClient();
            await WaitReadyAsync("onboarding", operatorClient, stop.Token);
            await WaitReadyAsync("portal", portalClient, stop.Token);
            var registry = portal.Services.GetRequiredService<TenantRegistry>();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   Hosts ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (databases {onboardingDatabase.Name}, {portalDatabase.Name}; vhost {virtualHost.Name})"));

            if (plan.Warm.Count > 0)
            {
                // Memory per added town: the managed heap after a full, compacting collection, before and after
                // warming, of this process, which hosts identity, onboarding and the portal.
                var (heapBefore, workingSetBefore) = Memory();
                await WarmAsync(plan.Warm, operatorClient, registry, stop.Token);
                var (heapAfter, workingSetAfter) = Memory();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   Memory for {plan.Warm.Count} more towns: managed heap {heapBefore / 1048576.0:0.0} → {heapAfter / 1048576.0:0.0} MiB "
                    + $"({(heapAfter - heapBefore) / (double)plan.Warm.Count / 1024:0.0} KiB per town), working set {workingSetBefore / 1048576.0:0} → {workingSetAfter / 1048576.0:0} MiB"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   Measuring {plan.Measured.Count} towns one after another ({plan.Measured[0].Slug}…{plan.Measured[^1].Slug}, codes {plan.Measured[0].Code}…), portal polled every {PollInterval.TotalMilliseconds:0} ms"));
            var posts = new List<TimeSpan>();
            var usable = new List<TimeSpan>();
            foreach (var town in plan.Measured)
            {
                var (post, total) = await MeasureAsync(town, operatorClient, portalClient, stop.Token);
                posts.Add(post);
                usable.Add(total);
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"== Results: {plan.Measured.Count} towns measured, {plan.Warm.Count} pre-onboarded"));
            Console.WriteLine("   latency (ms)                      count      p50      p90      p99      max");
            PrintLatencies("POST /operator/municipalities", posts);
            PrintLatencies("onboard → usable on the portal", usable);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   first measured town{(plan.Warm.Count == 0 ? " (cold: the first request through both services)" : "")}: POST {posts[0].TotalMilliseconds:0.0} ms, usable {usable[0].TotalMilliseconds:0.0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   Portal tenant count at the end: {registry.All.Count} ({registry.All.Count(t => t.IsActive)} active)"));

            // The same announcement's hop without the platform: RabbitMQ.Client alone, same broker, same run.
            var raw = await RawRabbitMq.MeasureAsync(virtualHost.Uri, ct: stop.Token);
            var usableP50 = RawRabbitMq.Percentile(usable.Select(u => u.TotalMilliseconds).ToList(), 50);
            Console.WriteLine($"   {RawRabbitMq.Describe(raw)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   ratio: onboard → usable p50 is {usableP50 / RawRabbitMq.Percentile(raw.LatencyMs, 50):0} × the raw publish → consumed p50 (it adds the POST, the commit, the outbox relay's poll, the consumer's write and the portal's 5 ms polling)"));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            exitCode = 130;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TimeoutException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync($"Failed: {ex}");
            exitCode = 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            exitCode = await CleanUpAsync(cleanup) ? exitCode : Math.Max(exitCode, 1);
        }
        return exitCode;
    }

    /// <summary>Pre-onboards towns a few at a time, then waits until the portal serves them all.</summary>
    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    private static async Task WarmAsync(IReadOnlyList<Town> towns, HttpClient operatorClient, TenantRegistry registry, CancellationToken ct)
    {
        var before = registry.All.Count;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(towns, new ParallelOptions { MaxDegreeOfParallelism = WarmConcurrency, CancellationToken = ct },
            async (town, token) => await OnboardAsync(town, operatorClient, token));
        var posted = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   Pre-onboarded {towns.Count} towns in {posted.TotalSeconds:0.0} s ({WarmConcurrency} concurrent requests, {towns.Count / posted.TotalSeconds:0} towns/s)"));

        var expected = before + towns.Count;
        var timeout = TimeSpan.FromSeconds(60 + towns.Count / 10.0);
        while (registry.All.Count < expected)
        {
            if (Stopwatch.GetElapsedTime(started) > posted + timeout)
            {
                throw new TimeoutException($"The portal has {registry.All.Count} of {expected} towns after waiting {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(50, ct);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   Portal had all {registry.All.Count} towns {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after the first request"));
    }

    /// <summary>(a) the POST's latency, (b) from before the POST until the portal answers 200 for the town.</summary>
    private static async Task<(TimeSpan Post, TimeSpan Usable)> MeasureAsync(Town town, HttpClient operatorClient, HttpClient portalClient, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        await OnboardAsync(town, operatorClient, ct);
        var post = Stopwatch.GetElapsedTime(start);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/town");
            request.Headers.Host = town.Slug + ".localhost";
            using var response = await portalClient.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var usable = Stopwatch.GetElapsedTime(start);
                var served = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (served.GetProperty("id").GetString() != town.Code)
                {
                    throw new InvalidOperationException($"{town.Slug}.localhost served {served}, not {town.Code}.");
                }
                return (post, usable);
            }
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                throw new InvalidOperationException($"The portal answered {(int)response.StatusCode} for {town.Slug}: {await response.Content.ReadAsStringAsync(ct)}");
            }
            if (Stopwatch.GetElapsedTime(start) > TownTimeout)
            {
                throw new TimeoutException($"The portal did not serve {town.Slug} ({town.Code}) within {TownTimeout.TotalSeconds:0} s.");
            }
            await Task.Delay(PollInterval, ct);
        }
    }

    private static async Task OnboardAsync(Town town, HttpClient operatorClient, CancellationToken ct)
    {
        using var response = await operatorClient.PostAsJsonAsync("/operator/municipalities",
            new { code = town.Code, slug = town.Slug, nameJa = town.NameJa, nameEn = town.NameEn }, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"Onboarding {town.Slug} ({town.Code}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private static async Task WaitReadyAsync(string service, HttpClient client, CancellationToken ct) =>
        await Eventually.Until(async () =>
        {
            ct.ThrowIfCancellationRequested();
            using var response = await client.GetAsync("/health/ready", ct);
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), $"the {service} service to be ready");

    private static void PrintLatencies(string what, List<TimeSpan> samples)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {what,-32} {sorted.Count,6} {Percentile(sorted, 0.50),8:0.0} {Percentile(sorted, 0.90),8:0.0} {Percentile(sorted, 0.99),8:0.0} {sorted[^1],8:0.0}"));
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="q"/> of the samples at or below it.</summary>
    private static double Percentile(List<double> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Disposes in reverse order of creation, each one even when another fails; false if any failed.</summary>
    private static async Task<bool> CleanUpAsync(Stack<(string What, Func<ValueTask> DisposeAsync)> cleanup)
    {
        var clean = true;
        var disposed = new List<string>();
        while (cleanup.TryPop(out var item))
        {
            try
            {
                await item.DisposeAsync();
                disposed.Add(item.What);
            }
#pragma warning disable CA1031 // Clean-up must go on to the next resource whatever this one threw; the failure is reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                clean = false;
                await Console.Error.WriteLineAsync($"Could not dispose the {item.What}: {ex.Message}");
            }
        }
        if (disposed.Count > 0)
        {
            Console.WriteLine($"   Cleaned up: {string.Join(", ", disposed)}");
        }
        return clean;
    }
}

/// <summary>A town to onboard.</summary>
internal sealed record Town(string Code, string Slug, string NameJa, string NameEn);

/// <summary>
/// Which towns to onboard. Measured towns get codes of prefecture 06 that are not in the national
/// list (069xx first, then other free 06xxx prefixes); pre-onboarded towns get the free codes left,
/// then the listed municipalities of 06. A five-digit prefix has exactly one valid check digit, so
/// prefecture 06 has at most 999 onboardable codes (060003 is the prefecture itself).
/// </summary>
internal sealed record TownPlan(IReadOnlyList<Town> Measured, IReadOnlyList<Town> Warm, string? Error)
{
    public static int Capacity => Codes().Unlisted.Count + Codes().Listed.Count;

    public static TownPlan Make(int count, int warm)
    {
        var (unlisted, listed) = Codes();
        if (count > unlisted.Count)
        {
            return new([], [], $"At most {unlisted.Count} towns can be measured: prefecture 06 has only {unlisted.Count} codes that are not in the national list.");
        }
        var measured = unlisted.Take(count).Select((code, i) => Make(code, "bench", i + 1)).ToList();
        var warmCodes = unlisted.Skip(count).Concat(listed).Take(warm);
        return new(measured, warmCodes.Select((code, i) => Make(code, "warm", i + 1)).ToList(), null);
    }

    private static Town Make(string code, string prefix, int n)
    {
        var number = n.ToString("D3", CultureInfo.InvariantCulture);
        return new(code, prefix + number, "ベンチ町" + number, "Bench Town " + number);
    }

    private static (List<string> Unlisted, List<string> Listed) Codes()
    {
        var catalogue = new MunicipalityCatalogue();
        var all = Enumerable.Range(900, 100).Concat(Enumerable.Range(0, 900))
            .Select(n => "06" + n.ToString("D3", CultureInfo.InvariantCulture))
            .Select(first5 => first5 + MunicipalityCode.CheckDigit(first5).ToString(CultureInfo.InvariantCulture))
            .ToList();
        return (all.Where(code => catalogue.Find(code) is null).ToList(),
            catalogue.InPrefecture("06").Select(e => e.Code).ToList());
    }
}
