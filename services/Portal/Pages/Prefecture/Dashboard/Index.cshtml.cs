using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Pages.Prefecture.Dashboard;

/// <summary>
/// /Prefecture/Dashboard?month=yyyy-MM&amp;sort=…&amp;dir=… (県 DX ダッシュボード): every town's month side by side —
/// applications online, online share, days to decision, returned rate; local points granted, spent and
/// lapsed; shared talent's hours and net cost; services used — sorted by any column, the sorted figure
/// drawn as a bar chart (server-side SVG, the table its text equivalent), and a CSV of any range of months.
/// </summary>
public sealed class IndexModel(OnboardingClient api) : ServiceApiPageModel
{
    /// <summary>A figure a town can be compared by: its column, its value (null: nothing to measure), how it reads.</summary>
    public sealed record Metric(string Key, Func<DashboardTown, decimal?> Value, Kind Kind);

    public enum Kind { Count, Share, Days, Points, Hours, Yen }

    public const string ByCode = "code";

    public static readonly IReadOnlyList<Metric> Metrics =
    [
        new("submitted", t => t.Applications.Submitted, Kind.Count),
        new("onlineShare", t => t.Applications.OnlineShare, Kind.Share),
        new("medianDays", t => t.Applications.MedianDays, Kind.Days),
        new("returnedRate", t => t.Applications.ReturnedRate, Kind.Share),
        new("granted", t => t.Points.Granted, Kind.Points),
        new("spent", t => t.Points.Spent, Kind.Points),
        new("lapsed", t => t.Points.Lapsed, Kind.Points),
        new("talentHours", t => t.Talent.Hours, Kind.Hours),
        new("talentNetCost", t => t.Talent.NetCost, Kind.Yen),
        new("services", t => t.Services.Count, Kind.Count),
    ];

    public string Month { get; private set; } = "";

    /// <summary>The column the towns are sorted by (<see cref="ByCode"/> or a metric's key).</summary>
    public string Sort { get; private set; } = ByCode;

    public bool Ascending { get; private set; } = true;

    /// <summary>What the chart draws: the sorted metric, or applications when sorted by code.</summary>
    public Metric Charted => Metrics.FirstOrDefault(m => m.Key == Sort) ?? Metrics[0];

    public DashboardMonth? Figures { get; private set; }

    public IReadOnlyList<DashboardTown> Towns { get; private set; } = [];

    public string From { get; private set; } = "";

    public string Until { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? month, string? sort, string? dir, CancellationToken ct)
    {
        var loaded = await LoadAsync(month, sort, dir, ct);
        return loaded.Problem is { } problem ? Failed(problem) : Page();
    }

    /// <summary>The figures of a range of months as CSV (Excel in Japan opens it as it is).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? from, string? until, CancellationToken ct)
    {
        var file = await api.DashboardCsvAsync(from ?? "", until ?? "", ct);
        if (file.Problem is { Status: StatusCodes.Status400BadRequest } problem)
        {
            ShowFieldErrors(problem);
            var loaded = await LoadAsync(null, null, null, ct);
            (From, Until) = (from ?? "", until ?? "");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return loaded.Problem is { } failed ? Failed(failed) : Page();
        }
        return Download(file);
    }

    private async Task<ApiResult<DashboardMonth>> LoadAsync(string? month, string? sort, string? dir, CancellationToken ct)
    {
        Month = month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? month
            : DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Sort = Metrics.Any(m => m.Key == sort) ? sort! : ByCode;
        Ascending = dir is null ? Sort == ByCode : dir != "desc";
        // The CSV's default range: the fiscal year (年度, from April) up to the month shown.
        var shown = DateOnly.ParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        From = new DateOnly(shown.Month >= 4 ? shown.Year : shown.Year - 1, 4, 1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Until = Month;

        var figures = await api.DashboardAsync(Month, ct);
        if (figures.Value is { } value)
        {
            Figures = value;
            Towns = Sorted(value.Towns);
        }
        return figures;
    }

    private IReadOnlyList<DashboardTown> Sorted(IReadOnlyList<DashboardTown> towns)
    {
        if (Sort == ByCode)
        {
            return Ascending ? [.. towns.OrderBy(t => t.Code, StringComparer.Ordinal)] : [.. towns.OrderByDescending(t => t.Code, StringComparer.Ordinal)];
        }
        var metric = Charted;
        // Towns with nothing to measure come last either way; ties in code order.
        var measured = towns.Where(t => metric.Value(t) is not null);
        var ordered = Ascending ? measured.OrderBy(t => metric.Value(t)) : measured.OrderByDescending(t => metric.Value(t));
        return [.. ordered.ThenBy(t => t.Code, StringComparer.Ordinal), .. towns.Where(t => metric.Value(t) is null).OrderBy(t => t.Code, StringComparer.Ordinal)];
    }

    /// <summary>The link that sorts by <paramref name="key"/>: descending first, the other way when already so.</summary>
    public string SortLink(string key)
    {
        var ascending = key == Sort ? !Ascending : key == ByCode;
        return $"?month={Month}&sort={key}&dir={(ascending ? "asc" : "desc")}";
    }

    public string AriaSort(string key) => key != Sort ? "none" : Ascending ? "ascending" : "descending";

    public string TownName(DashboardTown town) => Language == "en" && town.NameEn.Length > 0 ? town.NameEn : town.NameJa;

    /// <summary>A figure as it reads: 66.7%, 2.5日 (2.5 days), 1,000 pt, 18 h, ¥72,000; "—" when there is nothing to measure.</summary>
    public string Show(Kind kind, decimal? value)
    {
        if (value is not { } v)
        {
            return "—";
        }
        var en = Language == "en";
        return kind switch
        {
            Kind.Share => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
            Kind.Days => v.ToString("0.0", CultureInfo.InvariantCulture) + (en ? " days" : "日"),
            Kind.Points => v.ToString("N0", CultureInfo.InvariantCulture) + " pt",
            Kind.Hours => v.ToString("0.#", CultureInfo.InvariantCulture) + (en ? " h" : "時間"),
            Kind.Yen => en ? "¥" + v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("N0", CultureInfo.InvariantCulture) + "円",
            _ => v.ToString("N0", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>2026年10月 (English: 2026-10).</summary>
    public string MonthName => Language == "en" ? Month : $"{Month[..4]}年{int.Parse(Month[5..], CultureInfo.InvariantCulture)}月";
}
