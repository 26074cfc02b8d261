using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace SharedServices.Benchmarks;

/// <summary>Runs <see cref="ResolutionBenchmarks"/> and prints ns/op and B/op per case and tenant count.</summary>
internal static class ResolutionCommand
{
    public static int Run(string[] benchmarkDotNetArgs)
    {
        Program.PrintHeader(
            "Per-request cost of TenantResolutionMiddleware.InvokeAsync (fresh DefaultHttpContext per call, TenantRegistry of 10/100/1,000 active towns)");

        var config = DefaultConfig.Instance
            // Artifacts beside the binaries, not in whatever directory the command was started from.
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond));
        var summary = BenchmarkRunner.Run<ResolutionBenchmarks>(config, benchmarkDotNetArgs);

        Print(summary);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) || summary.Reports.IsEmpty ? 1 : 0;
    }

    private static void Print(Summary summary)
    {
        var rows = summary.Reports
            .Where(r => r.Success && r.ResultStatistics is not null)
            .Select(r => (
                Case: r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                IsBaseline: r.BenchmarkCase.Descriptor.Baseline,
                Tenants: Convert.ToInt32(r.BenchmarkCase.Parameters[nameof(ResolutionBenchmarks.Tenants)], CultureInfo.InvariantCulture),
                Nanoseconds: r.ResultStatistics!.Median,
                Bytes: r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }
        var tenantCounts = rows.Select(r => r.Tenants).Distinct().Order().ToList();
        var cases = rows.OrderByDescending(r => r.IsBaseline).Select(r => r.Case).Distinct().ToList();

        Console.WriteLine();
        Console.WriteLine("== TenantResolutionMiddleware.InvokeAsync, median per request (ns/op) and allocated (B/op); Δ = minus the baseline");
        Console.WriteLine(Row("case", tenantCounts.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t} towns"))));
        foreach (var name in cases)
        {
            Console.WriteLine(Row(name, tenantCounts.Select(t =>
            {
                var cell = rows.Single(r => r.Case == name && r.Tenants == t);
                // A --filter may leave the baseline out: then there is no Δ to show.
                var baseline = rows.Where(r => r.IsBaseline && r.Tenants == t).Select(r => (double?)r.Nanoseconds).FirstOrDefault();
                var delta = cell.IsBaseline || baseline is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (Δ {cell.Nanoseconds - baseline:+0;-0})");
                return string.Create(CultureInfo.InvariantCulture, $"{cell.Nanoseconds,6:0} ns{delta}, {cell.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "?"} B");
            })));
        }
    }

    private static string Row(string first, IEnumerable<string> cells) =>
        $"  {first,-30}" + string.Concat(cells.Select(c => $" | {c,-29}"));
}
