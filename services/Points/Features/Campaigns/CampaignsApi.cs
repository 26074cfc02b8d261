using Marten;
using SharedServices.EventStore;
using SharedServices.Points.Access;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Ledger;
using SharedServices.Points.Residents;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Features.Campaigns;

/// <summary>
/// The town console's campaigns (ポイント事業): staff prepare one and preview who would qualify; the
/// town's administrator opens, pauses, resumes and closes it (it spends the town's budget). Figures come
/// from the ledger (<see cref="LedgerQueries"/>).
/// </summary>
public static class CampaignsApi
{
    /// <summary>How many allotments a campaign's budget is split over (see <see cref="Budget"/>).</summary>
    public const int BudgetShards = 16;

    public sealed record PauseRequest(string? Reason);

    public static void MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/campaigns").RequireAuthorization(AccessRules.Staff).WithTags("Campaigns");
        staff.MapPost("/", CreateAsync);
        staff.MapGet("/", ListAsync);
        staff.MapGet("/{id}", GetAsync);
        staff.MapPost("/preview", PreviewTermsAsync);
        staff.MapGet("/{id}/preview", PreviewAsync);

        var admins = app.TownEndpoints("/console/campaigns").RequireAuthorization(AccessRules.TownAdmins).WithTags("Campaigns");
        admins.MapPost("/{id}/opening", (string id, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            ChangeAsync(id, store, c => c.Status == CampaignStatus.Draft ? null : "Only a campaign in preparation (Draft) can be opened.",
                () => new CampaignOpened(Caller.Of(http).Id, clock.GetUtcNow()), ct));
        admins.MapPost("/{id}/pause", (string id, PauseRequest? request, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 500
                ? Task.FromResult(Problems.Validation("reason", "一時停止の理由を500文字以内で入力してください。(A reason of at most 500 characters.)"))
                : ChangeAsync(id, store, c => c.Status == CampaignStatus.Open ? null : "Only an open campaign can be paused.",
                    () => new CampaignPaused(request.Reason, Caller.Of(http).Id, clock.GetUtcNow()), ct));
        admins.MapPost("/{id}/resumption", (string id, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            ChangeAsync(id, store, c => c.Status == CampaignStatus.Paused ? null : "Only a paused campaign can be resumed.",
                () => new CampaignResumed(Caller.Of(http).Id, clock.GetUtcNow()), ct));
        admins.MapPost("/{id}/closing", (string id, HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            ChangeAsync(id, store, c => c.Status is CampaignStatus.Open or CampaignStatus.Paused ? null : "Only an open or paused campaign can be closed.",
                () => new CampaignClosed(Caller.Of(http).Id, clock.GetUtcNow()), ct));
        admins.MapPost("/{id}/grants", GrantToEligibleAsync);
    }

    private static async Task<IResult> CreateAsync(CampaignTerms? terms, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var problems = CampaignRules.Problems(terms);
        if (problems.Count > 0)
        {
            return Problems.Validation(problems);
        }
        var id = Create(session, terms!, Caller.Of(http).Id, clock.GetUtcNow());
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/console/campaigns/{id}", new { id, status = nameof(CampaignStatus.Draft) });
    }

    /// <summary>A new campaign in preparation (Draft) of the session's town, with its budget in allotments, when the session commits: its id. Terms already checked.</summary>
    public static string Create(IDocumentSession session, CampaignTerms terms, string by, DateTimeOffset now)
    {
        var id = Guid.NewGuid().ToString("N");
        var clean = terms with { Name = terms.Name.Trim(), AllowedCategories = [.. terms.Categories.Distinct()], Eligibility = terms.Rules };
        session.Events.StartStream<Campaign>(id, new CampaignCreated(id, clean, BudgetShards, by, now));
        Budget.Create(session, session.TenantId, id, clean.Budget, BudgetShards);
        return id;
    }

    private static async Task<IResult> ListAsync(IQuerySession session, LedgerQueries ledger, TimeProvider clock, CancellationToken ct)
    {
        var campaigns = await session.Query<Campaign>().OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
        var figures = (await ledger.CampaignsAsync(CurrentTenant.Id, null, ct)).ToDictionary(l => l.Accounts.CampaignId);
        return TypedResults.Ok(campaigns.Select(c => View(c, figures.GetValueOrDefault(c.Id), clock.GetUtcNow())));
    }

    private static async Task<IResult> GetAsync(string id, IQuerySession session, LedgerQueries ledger, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Campaign>(id, ct) is not { } campaign)
        {
            return Problems.NotFound("No such campaign in this town.");
        }
        var figures = (await ledger.CampaignsAsync(CurrentTenant.Id, id, ct)).SingleOrDefault();
        return TypedResults.Ok(View(campaign, figures, clock.GetUtcNow()));
    }

    public static object View(Campaign c, LedgerQueries.CampaignLedger? figures, DateTimeOffset now) => new
    {
        id = c.Id,
        status = c.Status.ToString(),
        scheduled = c.Status == CampaignStatus.Open && now < c.Terms.GrantFrom,
        terms = c.Terms,
        pauseReason = c.PauseReason,
        budgetExhaustedAt = c.BudgetExhaustedAt,
        figures = figures is null ? null : new
        {
            budget = figures.Accounts.Budget,
            granted = figures.Accounts.Granted,
            budgetLeft = figures.Accounts.BudgetLeft,
            spent = figures.Accounts.Spent,
            refunded = figures.Accounts.Refunded,
            lapsed = figures.Accounts.Lapsed,
            residentBalances = figures.Accounts.Residents,
        },
    };

    private static async Task<IResult> ChangeAsync(string id, IDocumentStore store, Func<Campaign, string?> refusal, Func<object> change, CancellationToken ct)
    {
        await using var session = store.OpenTenantSession();
        var stream = await session.Events.FetchForWriting<Campaign>(id, ct);
        if (stream.Aggregate is not { } campaign)
        {
            return Problems.NotFound("No such campaign in this town.");
        }
        if (refusal(campaign) is { } reason)
        {
            return Problems.Conflict($"{reason} It is {campaign.Status}.");
        }
        stream.AppendOne(change());
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new { id, status = (await session.LoadAsync<Campaign>(id, ct))!.Status.ToString() });
    }

    private static async Task<IResult> PreviewTermsAsync(CampaignTerms? terms, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var problems = CampaignRules.Problems(terms);
        return problems.Count > 0 ? Problems.Validation(problems) : TypedResults.Ok(await PreviewOfAsync(terms!, session, clock, ct));
    }

    private static async Task<IResult> PreviewAsync(string id, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        await session.LoadAsync<Campaign>(id, ct) is { } campaign
            ? TypedResults.Ok(await PreviewOfAsync(campaign.Terms, session, clock, ct))
            : Problems.NotFound("No such campaign in this town.");

    /// <summary>
    /// How many residents in the town's records would qualify, and the budget that implies (each at the
    /// cap for a triggered campaign, since every trigger may grant; one grant otherwise).
    /// </summary>
    private static async Task<object> PreviewOfAsync(CampaignTerms terms, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);
        var records = await session.Query<ResidentRecord>().ToListAsync(ct);
        var qualifying = records.Count(r => EligibilityCheck.Refusal(terms.Rules with { MinAssurance = null }, r, null, today) is null);
        var perResident = terms.Trigger == Triggers.ApplicationApproved ? terms.PerResidentCap : terms.PointsPerGrant;
        var needed = qualifying * perResident;
        return new
        {
            residentRecords = records.Count,
            qualifying,
            pointsPerResident = perResident,
            budgetNeeded = needed,
            budget = terms.Budget,
            budgetSuffices = needed <= terms.Budget,
            note = terms.Rules.MinAssurance is > 1 ? "The assurance level is checked when each resident enrols, so fewer may qualify." : null,
        };
    }

    /// <summary>
    /// The town grants every resident in its records who qualifies (a campaign triggered by the town):
    /// once each, however often this is run (each grant's trigger is <c>town</c>), until the budget is spent.
    /// </summary>
    private static async Task<IResult> GrantToEligibleAsync(string id, IQuerySession session, Granting granting, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Campaign>(id, ct) is not { } campaign)
        {
            return Problems.NotFound("No such campaign in this town.");
        }
        if (campaign.Terms.Trigger != Triggers.Town)
        {
            return Problems.Conflict("Only a campaign granted by the town grants to every eligible resident; this one is granted on " + campaign.Terms.Trigger + ".");
        }
        if (campaign.GrantRefusal(clock.GetUtcNow()) is { } refusal)
        {
            return Problems.Conflict(refusal);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);
        var records = await session.Query<ResidentRecord>().ToListAsync(ct);
        var counts = new Dictionary<GrantResult, int>();
        var notEligible = 0;
        foreach (var record in records)
        {
            if (EligibilityCheck.Refusal(campaign.Terms.Rules, record, null, today) is not null)
            {
                notEligible++;
                continue;
            }
            var outcome = await granting.GrantAsync(record.Id, id, Triggers.Town, ct);
            counts[outcome.Result] = counts.GetValueOrDefault(outcome.Result) + 1;
        }
        return TypedResults.Ok(new
        {
            granted = counts.GetValueOrDefault(GrantResult.Granted),
            alreadyGranted = counts.GetValueOrDefault(GrantResult.AlreadyGranted),
            refused = counts.GetValueOrDefault(GrantResult.Refused),
            budgetExhausted = counts.GetValueOrDefault(GrantResult.BudgetExhausted),
            notEligible,
        });
    }
}
