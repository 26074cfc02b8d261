using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Perfolizer.Horology;
using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;

namespace SharedServices.Benchmarks;

/// <summary>
/// Per-request cost of <see cref="TenantResolutionMiddleware.InvokeAsync"/> with 10, 100 and 1,000
/// active towns in the registry. Every invocation builds a fresh <see cref="DefaultHttpContext"/>
/// (the same few lines in every case), so the difference from the baseline is the resolution itself.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class ResolutionBenchmarks : IDisposable
{
    /// <summary>The town every resolving case asks for; present whatever the tenant count.</summary>
    public const string TargetSlug = "town777";

    private static readonly HostString PlainHost = new("localhost");
    private static readonly HostString TownHost = new(TargetSlug + ".localhost");
    private static readonly HostString UnknownHost = new("atlantis.localhost");
    private static readonly PathString TownApi = new("/api/town");
    private static readonly PathString TownApiByPath = new("/t/" + TargetSlug + "/api/town");
    private static readonly TenantBranding Branding = new("#1F5FA8", "#F2F6FB");

    private static bool s_jitSettled;

    private readonly MemoryStream _body = new();
    private ServiceProvider? _services;
    private TenantResolutionMiddleware _middleware = null!;

    [Params(10, 100, 1000)]
    public int Tenants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var registry = new TenantRegistry();
        registry.Apply(Towns(Tenants));
        // AddProblemDetails: the 404 is written by IProblemDetailsService, as in the services.
        _services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        _middleware = new TenantResolutionMiddleware(
            _ => Task.CompletedTask,
            [new HostStrategy(["localhost"]), new PathStrategy()],
            registry,
            _services.GetRequiredService<ILogger<TenantResolutionMiddleware>>());
        CheckEachCaseDoesWhatItSays(registry);
        SettleJitOnce();
    }

    [Benchmark(Baseline = true, Description = "no town (baseline)")]
    public Task NoTown() => _middleware.InvokeAsync(Request(PlainHost, TownApi));

    [Benchmark(Description = "by host town777.localhost")]
    public Task ByHost() => _middleware.InvokeAsync(Request(TownHost, TownApi));

    [Benchmark(Description = "by path /t/town777/api/town")]
    public Task ByPath() => _middleware.InvokeAsync(Request(PlainHost, TownApiByPath));

    [Benchmark(Description = "unknown town (404 problem)")]
    public Task UnknownTown() => _middleware.InvokeAsync(Request(UnknownHost, TownApi));

    /// <summary><paramref name="count"/> active towns with valid codes, always including <see cref="TargetSlug"/>.</summary>
    public static IEnumerable<TenantInfo> Towns(int count) =>
        Enumerable.Range(0, 1000).Where(i => i != 777).Take(count - 1).Append(777).Select(Town);

    [GlobalCleanup]
    public void Dispose()
    {
        _services?.Dispose();
        _body.Dispose();
        GC.SuppressFinalize(this);
    }

    private static TenantInfo Town(int i)
    {
        var n = i.ToString("D3", CultureInfo.InvariantCulture);
        var code = "06" + n + MunicipalityCode.CheckDigit("06" + n);
        return new(code, "town" + n, "町" + n, "Town " + n, Branding, [], TenantStatuses.Active, 1);
    }

    private DefaultHttpContext Request(HostString host, PathString path)
    {
        _body.Position = 0;
        _body.SetLength(0);
        var context = new DefaultHttpContext { RequestServices = _services! };
        context.Request.Host = host;
        context.Request.Path = path;
        context.Response.Body = _body;
        return context;
    }

    /// <summary>Runs each case once outside the measurement and fails the benchmark if it measures the wrong thing.</summary>
    private void CheckEachCaseDoesWhatItSays(TenantRegistry registry)
    {
        Expect(registry.All.Count == Tenants && registry.All.All(t => MunicipalityCode.IsValid(t.Id) && t.IsActive),
            $"{Tenants} active towns with valid codes");

        var none = Invoke(PlainHost, TownApi);
        Expect(none.Features.Get<ResolvedTenant>() is null && none.Response.StatusCode == 200, "no town: passed on without one");

        var byHost = Invoke(TownHost, TownApi);
        Expect(byHost.Features.Get<ResolvedTenant>() is { Strategy: "host", Tenant.Slug: TargetSlug }, "host: resolved to town777");

        var byPath = Invoke(PlainHost, TownApiByPath);
        Expect(byPath.Features.Get<ResolvedTenant>() is { Strategy: "path", Tenant.Slug: TargetSlug }
            && byPath.Request.Path == TownApi, "path: resolved to town777 and the prefix stripped");

        var unknown = Invoke(UnknownHost, TownApi);
        Expect(unknown.Response.StatusCode == 404 && _body.Length > 0
            && unknown.Response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true,
            "unknown town: a 404 problem body");
    }

    /// <summary>
    /// In process, every case shares one JIT: without this, the first case run would be measured
    /// while tiered compilation is still recompiling the code all cases share. Runs all four cases
    /// in batches for at least 2 s, then until five batches in a row are within 15% of the fastest
    /// one (at most 8 s).
    /// </summary>
    private void SettleJitOnce()
    {
        if (s_jitSettled)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var fastest = TimeSpan.MaxValue;
        var steady = 0;
        while ((steady < 5 || Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2))
            && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(8))
        {
            var batch = Stopwatch.GetTimestamp();
            for (var i = 0; i < 500; i++)
            {
                Invoke(PlainHost, TownApi);
                Invoke(TownHost, TownApi);
                Invoke(PlainHost, TownApiByPath);
                Invoke(UnknownHost, TownApi);
            }
            var took = Stopwatch.GetElapsedTime(batch);
            fastest = took < fastest ? took : fastest;
            steady = took <= fastest * 1.15 ? steady + 1 : 0;
        }
        s_jitSettled = true;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// JIT settled after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (batch of 4 × 500 requests: {fastest.TotalMilliseconds:0.0} ms at best)"));
    }

    private DefaultHttpContext Invoke(HostString host, PathString path)
    {
        var context = Request(host, path);
        _middleware.InvokeAsync(context).GetAwaiter().GetResult();
        return context;
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark set-up check failed: {what}.");
        }
    }
}

/// <summary>
/// A short job, in process: 10 warm-up and 10 measured iterations of 100 ms per case. In process,
/// because the default out-of-process toolchain rebuilds the whole solution for the generated
/// project first (about 35 s here); 10 warm-up iterations, because fewer left tiered JIT still
/// speeding the code up during the measured iterations. The median is shown beside the mean: it
/// holds up better when other work on the machine steals a few iterations.
/// </summary>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig() =>
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(10)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("ShortInProcess"))
        .AddColumn(StatisticColumn.Median);
}
