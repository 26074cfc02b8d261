using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Talent.Access;
using SharedServices.Talent.Features.Assignments;
using SharedServices.Talent.Features.Timesheets;
using SharedServices.Talent.Registry;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Talent.Features.Costs;

/// <summary>
/// What shared talent costs (経費): per town and month, each assignment's approved hours × the person's
/// rate, and the net cost after the 特別交付税 措置率 (<c>Talent:SubsidyRates:joint</c> 0.5 for procurement
/// jointly with the prefecture, <c>…:alone</c> 0.3 otherwise). A person shared by several towns costs
/// each town its own approved hours: the prefecture's summary shows that split.
/// </summary>
public static class CostsApi
{
    public sealed record CostLine(
        string AssignmentId, string TalentId, string TalentName, string Title, decimal Hours, decimal RatePerHour, decimal Cost,
        string Procurement, decimal SubsidyRate, decimal Net);

    public static void MapCostsApi(this IEndpointRouteBuilder app)
    {
        app.TownEndpoints("/console/costs").RequireAuthorization(AccessRules.Staff).WithTags("Costs")
            .MapGet("/", async (string? month, IQuerySession session, IConfiguration configuration, CancellationToken ct) =>
            {
                if (!Months.TryParse(month, out _))
                {
                    return Problems.Validation("month", "The month as yyyy-MM.");
                }
                var lines = await TownLinesAsync(session, month!, configuration, ct);
                return TypedResults.Ok(new { month, lines, cost = lines.Sum(l => l.Cost), net = lines.Sum(l => l.Net), hours = lines.Sum(l => l.Hours) });
            });
        app.MapGroup("/prefecture/costs").RequireAuthorization(AccessRules.Operators).WithTags("Costs")
            .MapGet("/", PrefectureAsync);
    }

    public static decimal SubsidyRate(IConfiguration configuration, string procurement) =>
        configuration.GetValue($"Talent:SubsidyRates:{procurement}", procurement == "joint" ? 0.5m : 0.3m);

    /// <summary>A month's cost (hours × rate) and the town's net cost after the subsidy rate, in whole yen.</summary>
    public static (decimal Cost, decimal Net) Costs(decimal hours, decimal ratePerHour, decimal subsidyRate)
    {
        var cost = decimal.Round(hours * ratePerHour, 0, MidpointRounding.AwayFromZero);
        return (cost, decimal.Round(cost * (1 - subsidyRate), 0, MidpointRounding.AwayFromZero));
    }

    private static async Task<List<CostLine>> TownLinesAsync(IQuerySession session, string month, IConfiguration configuration, CancellationToken ct)
    {
        var approved = await session.Query<Timesheet>().Where(t => t.Month == month && t.ApprovedAt != null).ToListAsync(ct);
        if (approved.Count == 0)
        {
            return [];
        }
        var assignments = (await session.LoadManyAsync<Assignment>(ct, approved.Select(t => t.AssignmentId).Distinct())).ToDictionary(a => a.Id);
        return [.. approved.OrderBy(t => t.AssignmentId, StringComparer.Ordinal).Select(t =>
        {
            var a = assignments[t.AssignmentId];
            var rate = SubsidyRate(configuration, a.Procurement);
            var (cost, net) = Costs(t.Hours, a.RatePerHour, rate);
            return new CostLine(a.Id, a.TalentId, a.TalentName, a.Title, t.Hours, a.RatePerHour, cost, a.Procurement, rate, net);
        })];
    }

    /// <summary>Every town's costs for a month, and each person's hours and cost split between the towns they served.</summary>
    private static async Task<IResult> PrefectureAsync(string? month, IDocumentStore store, TenantRegistry towns, IConfiguration configuration, CancellationToken ct)
    {
        if (!Months.TryParse(month, out _))
        {
            return Problems.Validation("month", "The month as yyyy-MM.");
        }
        var byTown = new List<(TenantInfo Town, List<CostLine> Lines)>();
        foreach (var town in towns.All.Where(t => t.EnabledServices.Contains(PlatformServices.Talent)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            await using var session = store.QuerySession(town.Id);
            byTown.Add((town, await TownLinesAsync(session, month!, configuration, ct)));
        }
        var people = byTown.SelectMany(t => t.Lines.Select(l => (t.Town, Line: l))).GroupBy(x => x.Line.TalentId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var hours = g.Sum(x => x.Line.Hours);
                return new
                {
                    talentId = g.Key, name = g.First().Line.TalentName, hours, cost = g.Sum(x => x.Line.Cost), net = g.Sum(x => x.Line.Net),
                    towns = g.GroupBy(x => x.Town.Id).Select(t => new
                    {
                        town = t.Key, townName = t.First().Town.NameJa, hours = t.Sum(x => x.Line.Hours), cost = t.Sum(x => x.Line.Cost),
                        share = hours == 0 ? 0 : decimal.Round(t.Sum(x => x.Line.Hours) / hours, 3),
                    }),
                };
            }).ToList();
        return TypedResults.Ok(new
        {
            month,
            towns = byTown.Select(t => new { town = t.Town.Id, townName = t.Town.NameJa, hours = t.Lines.Sum(l => l.Hours), cost = t.Lines.Sum(l => l.Cost), net = t.Lines.Sum(l => l.Net) }),
            people,
            cost = byTown.Sum(t => t.Lines.Sum(l => l.Cost)),
            net = byTown.Sum(t => t.Lines.Sum(l => l.Net)),
        });
    }
}
