using JasperFx;
using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Points.Access;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Features.Campaigns;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Features.CampaignTemplates;

/// <summary>
/// The prefecture offers campaign templates to its towns (施策テンプレートの提供): its operators write one
/// (the terms without budget or dates) and offer it to the towns taking part in local points; a town's
/// staff see the templates offered to their town and make a campaign of their own from one — their
/// budget, their start — which they then open, run and close as any campaign.
/// </summary>
public static class CampaignTemplatesApi
{
    public const int MaxTowns = 100;

    public sealed record OfferRequest(IReadOnlyList<string> Towns);

    /// <param name="Outcome"><c>offered</c>, <c>already-offered</c>, <c>not-using-points</c> or <c>unknown-town</c>.</param>
    public sealed record OfferResult(string Town, string Outcome);

    public sealed record UseRequest(long Budget, DateTimeOffset Start);

    public sealed record TemplateView(string Id, TemplateTerms Terms, IReadOnlyList<string> OfferedTo, DateTimeOffset CreatedAt);

    public static void MapCampaignTemplatesApi(this IEndpointRouteBuilder app)
    {
        var operators = app.MapGroup("/prefecture/campaign-templates").RequireAuthorization(AccessRules.Operators).WithTags("Campaign templates");
        operators.MapPost("/", CreateAsync);
        operators.MapGet("/", ListAsync);
        operators.MapPost("/{id}/offers", OfferAsync);

        var staff = app.TownEndpoints("/console/campaign-templates").RequireAuthorization(AccessRules.Staff).WithTags("Campaign templates");
        staff.MapGet("/", OfferedAsync);
        staff.MapPost("/{id}/campaigns", UseAsync);
    }

    private static async Task<IResult> CreateAsync(TemplateTerms? terms, HttpContext http, IDocumentStore store, Prefecture prefecture, TimeProvider clock, CancellationToken ct)
    {
        if (OperatorOfAnother(http, prefecture) is { } refused)
        {
            return refused;
        }
        var errors = terms is null ? new Dictionary<string, string[]> { ["terms"] = ["The template's terms are missing."] } : TemplateProblems(terms, clock.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var template = new CampaignTemplate { Id = Guid.NewGuid().ToString("N"), Terms = terms! with { Name = terms.Name.Trim() }, CreatedAt = clock.GetUtcNow(), CreatedBy = Caller.Of(http).Id };
        using (prefecture.Scope())
        {
            await using var session = store.OpenTenantSession();
            session.Insert(template);
            await session.SaveChangesAsync(ct);
        }
        return TypedResults.Created($"/prefecture/campaign-templates/{template.Id}", View(template));
    }

    private static async Task<IResult> ListAsync(IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        await using var session = store.QuerySession(prefecture.Code);
        return TypedResults.Ok((await session.Query<CampaignTemplate>().OrderByDescending(t => t.CreatedAt).ToListAsync(ct)).Select(View));
    }

    /// <summary>Offers the template to towns taking part in local points; offering again changes nothing.</summary>
    private static async Task<IResult> OfferAsync(
        string id, OfferRequest request, HttpContext http, IDocumentStore store, Prefecture prefecture, TenantRegistry towns, CancellationToken ct)
    {
        if (OperatorOfAnother(http, prefecture) is { } refused)
        {
            return refused;
        }
        var chosen = (request.Towns ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count is 0 or > MaxTowns)
        {
            return Problems.Validation("towns", $"Choose from 1 to {MaxTowns} towns.");
        }
        if (chosen.FirstOrDefault(c => !MunicipalityCode.IsValid(c)) is { } bad)
        {
            return Problems.Validation("towns", $"'{bad}' is not a 地方公共団体コード.");
        }
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        if (await session.LoadAsync<CampaignTemplate>(id, ct) is not { } template)
        {
            return Problems.NotFound("No such campaign template.");
        }
        var results = new List<OfferResult>();
        foreach (var code in chosen)
        {
            var town = towns.FindById(code);
            var outcome = town is not { IsActive: true } ? "unknown-town"
                : !town.EnabledServices.Contains(PlatformServices.Points) ? "not-using-points"
                : template.OfferedTo.Contains(code) ? "already-offered"
                : "offered";
            if (outcome == "offered")
            {
                template.OfferedTo.Add(code);
            }
            results.Add(new(code, outcome));
        }
        template.OfferedTo.Sort(StringComparer.Ordinal);
        session.Update(template);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            return Problems.Conflict("The template was offered at the same moment; try again.");
        }
        return TypedResults.Ok(results);
    }

    /// <summary>The templates offered to the town addressed.</summary>
    private static async Task<IResult> OfferedAsync(IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        var town = CurrentTenant.Id;
        await using var session = store.QuerySession(prefecture.Code);
        var offered = await session.Query<CampaignTemplate>().Where(t => t.OfferedTo.Contains(town)).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(offered.Select(t => new { t.Id, t.Terms, t.CreatedAt }));
    }

    /// <summary>The town's own campaign from an offered template, in preparation (Draft), to open when ready.</summary>
    private static async Task<IResult> UseAsync(
        string id, UseRequest request, HttpContext http, IDocumentSession session, IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        CampaignTemplate? template;
        await using (var shared = store.QuerySession(prefecture.Code))
        {
            template = await shared.LoadAsync<CampaignTemplate>(id, ct);
        }
        if (template is null || !template.OfferedTo.Contains(CurrentTenant.Id))
        {
            return Problems.NotFound("No campaign template offered to this town has that id.");
        }
        var terms = template.Terms.For(request.Budget, request.Start);
        if (CampaignRules.Problems(terms) is { Count: > 0 } problems)
        {
            // The template's own terms were checked when it was written: what is left is the town's budget (and the budget's bounds).
            return Problems.Validation(problems
                .GroupBy(p => p.Key is "budget" or "pointsPerGrant" or "perResidentCap" ? "budget" : p.Key)
                .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).ToArray()));
        }
        var campaignId = CampaignsApi.Create(session, terms, Caller.Of(http).Id, DateTimeOffset.UtcNow);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/console/campaigns/{campaignId}", new { id = campaignId, status = nameof(CampaignStatus.Draft), template = id });
    }

    /// <summary>The checks of a template: a campaign's, with a budget as large as allowed (the town sets its own), and the periods' lengths.</summary>
    private static Dictionary<string, string[]> TemplateProblems(TemplateTerms terms, DateTimeOffset now)
    {
        var budget = terms.SuggestedBudget ?? CampaignRules.MaxBudget;
        var errors = CampaignRules.Problems(terms.For(budget, now));
        if (terms.SuggestedBudget is null)
        {
            errors.Remove("budget");
        }
        else if (errors.Remove("budget", out var budgetErrors))
        {
            errors["suggestedBudget"] = budgetErrors;
        }
        foreach (var (field, at) in new[] { ("grantUntil", "grantDays"), ("spendUntil", "spendDays") })
        {
            if (errors.Remove(field, out var moved))
            {
                errors[at] = moved;
            }
        }
        if (terms.GrantDays is < 1 or > TemplateTerms.MaxDays)
        {
            errors["grantDays"] = [$"付与期間は1日から{TemplateTerms.MaxDays}日です。(A grant period of 1 to {TemplateTerms.MaxDays} days.)"];
        }
        if (terms.SpendDays < terms.GrantDays || terms.SpendDays > TemplateTerms.MaxDays)
        {
            errors["spendDays"] = [$"利用期間は付与期間以上、{TemplateTerms.MaxDays}日以下です。(A spend period at least as long as the grant period, at most {TemplateTerms.MaxDays} days.)"];
        }
        return errors;
    }

    private static IResult? OperatorOfAnother(HttpContext http, Prefecture prefecture) =>
        http.User.FindFirst(TenantClaim.Type)?.Value == prefecture.Code
            ? null
            : Problems.Result(StatusCodes.Status403Forbidden, "Operators only", "Only this prefecture's operators write and offer campaign templates.");

    private static TemplateView View(CampaignTemplate t) => new(t.Id, t.Terms, t.OfferedTo, t.CreatedAt);
}
