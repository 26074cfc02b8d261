using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SharedServices.Portal.Features.ServiceApi;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.Talent;

/// <summary>
/// The talent-sharing pages (デジタル人材シェアリング): the API client, and (for a town's pages) the town must
/// take part, or the page says so with a 404 before any call is made.
/// </summary>
public abstract class TalentPageModel(TalentClient api) : ServiceApiPageModel
{
    public const string Service = "talent";

    protected TalentClient Api => api;

    /// <summary>Whether the page belongs to a town (staff) rather than to the prefecture (operators, the talent).</summary>
    protected virtual bool TownPage => true;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (TownPage && HttpContext.Features.Get<ResolvedTenant>()?.Tenant.EnabledServices.Contains(Service) != true)
        {
            context.Result = Failed(new ApiProblem(StatusCodes.Status404NotFound, "Service not enabled",
                "この市町村はデジタル人材シェアリングに参加していません。(This town does not take part in talent sharing.)", new Dictionary<string, string[]>()));
        }
    }

    /// <summary>What a refused step answers: field errors beside the form (400), or the problem above the page with its status.</summary>
    protected async Task<IActionResult> RefusedAsync(ApiProblem problem, Func<CancellationToken, Task<IActionResult>> load, CancellationToken ct)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized || problem.IsUnavailable)
        {
            return Failed(problem);
        }
        if (problem.Status == StatusCodes.Status400BadRequest)
        {
            ShowFieldErrors(problem);
        }
        else
        {
            Problem = problem;
        }
        var page = await load(ct);
        if (Problem is not null && problem.Status != StatusCodes.Status400BadRequest)
        {
            Response.StatusCode = problem.Status;
        }
        return page;
    }

    /// <summary>1,234 (yen or hours, with a thousands separator).</summary>
    public static string Figure(decimal amount) => amount.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>2027年4月 (English: 2027-04).</summary>
    public string MonthName(string month) =>
        Language == "en" || month.Length != 7 ? month : $"{month[..4]}年{int.Parse(month[5..], CultureInfo.InvariantCulture)}月";

    /// <summary>The page's words in the reader's language.</summary>
    protected string Text(string key) => Shell.PortalTexts.Get(key, Language);

    /// <summary>A month asked for by a cost report's form (yyyy-MM), or this month in Japan.</summary>
    public static string MonthOrNow(string? month) =>
        month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? month : MonthsFromNow(1)[0];

    /// <summary>50% (a rate as a percentage).</summary>
    public static string Percent(decimal rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Every month from <paramref name="from"/> to <paramref name="until"/> (yyyy-MM), both included.</summary>
    public static IEnumerable<string> MonthsBetween(string from, string until)
    {
        if (!DateOnly.TryParseExact(from + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            || !DateOnly.TryParseExact(until + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            yield break;
        }
        for (; month <= last; month = month.AddMonths(1))
        {
            yield return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>This month and the next, in Japan (yyyy-MM).</summary>
    public static IReadOnlyList<string> MonthsFromNow(int count)
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        var first = new DateOnly(now.Year, now.Month, 1);
        return [.. Enumerable.Range(0, count).Select(i => first.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture))];
    }
}

public static class TalentClientSetup
{
    /// <summary>The client of the talent API at <c>Services:Talent</c> (its base address).</summary>
    public static IHostApplicationBuilder AddTalentClient(this IHostApplicationBuilder builder) =>
        builder.AddServiceApiClient<TalentClient>("Services:Talent");
}

/// <summary>What the ranked-matches partial shows: the matches, at a heading level, with propose buttons on the prefecture's page.</summary>
/// <param name="Propose">The town and need to propose for (the prefecture's page), or null (the town's).</param>
public sealed record MatchesView(string Id, IReadOnlyList<Match> Matches, int Heading, (string Town, string NeedId)? Propose = null, IReadOnlyCollection<string>? Proposed = null);
