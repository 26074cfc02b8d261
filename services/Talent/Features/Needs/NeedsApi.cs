using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Talent.Access;
using SharedServices.Talent.Needs;
using SharedServices.Talent.Registry;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Talent.Features.Needs;

/// <summary>
/// A town posts what it needs (募集) and sees the registry ranked for it with the reasons; the prefecture
/// proposes candidates; the town accepts one (then the person is asked).
/// </summary>
public static class NeedsApi
{
    public sealed record ProposalRequest(string? TalentId);

    public static void MapNeedsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/needs").RequireAuthorization(AccessRules.Staff).WithTags("Needs");
        staff.MapPost("/", PostAsync);
        staff.MapGet("/", async (IQuerySession session, CancellationToken ct) =>
            TypedResults.Ok((await session.Query<Need>().OrderByDescending(n => n.PostedAt).ToListAsync(ct)).Select(View)));
        staff.MapGet("/{id}", async (string id, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Need>(id, ct) is { } need ? TypedResults.Ok(View(need)) : Problems.NotFound("No such need in this town."));
        staff.MapGet("/{id}/matches", async (string id, IQuerySession session, IDocumentStore store, Prefecture prefecture, CancellationToken ct) =>
            await session.LoadAsync<Need>(id, ct) is { } need
                ? TypedResults.Ok(await MatchesAsync(need, store, prefecture, ct))
                : Problems.NotFound("No such need in this town."));
        app.TownEndpoints("/console/needs").RequireAuthorization(AccessRules.TownAdmins).WithTags("Needs")
            .MapPost("/{id}/proposals/{talentId}/acceptance", AcceptAsync);

        var operators = app.MapGroup("/prefecture/needs").RequireAuthorization(AccessRules.Operators).WithTags("Needs");
        operators.MapGet("/", OpenNeedsAsync);
        operators.MapGet("/{town}/{id}/matches", async (string town, string id, IDocumentStore store, Prefecture prefecture, TenantRegistry towns, CancellationToken ct) =>
        {
            if (!TakesPart(towns, town))
            {
                return Problems.NotFound("No such town taking part in talent sharing.");
            }
            await using var session = store.QuerySession(town);
            return await session.LoadAsync<Need>(id, ct) is { } need
                ? TypedResults.Ok(await MatchesAsync(need, store, prefecture, ct))
                : Problems.NotFound("No such need in this town.");
        });
        operators.MapPost("/{town}/{id}/proposals", ProposeAsync);
    }

    public static object View(Need n) => new
    {
        id = n.Id, terms = n.Terms, postedAt = n.PostedAt, open = n.IsOpen, assignmentId = n.AssignmentId, filledBy = n.FilledBy,
        proposals = n.Proposals.Select(p => new { p.TalentId, p.ProposedAt, p.AcceptedByTownAt }),
    };

    private static bool TakesPart(TenantRegistry towns, string town) =>
        MunicipalityCode.IsValid(town) && towns.FindById(town) is { } t && t.EnabledServices.Contains(PlatformServices.Talent);

    private static async Task<IReadOnlyList<Match>> MatchesAsync(Need need, IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        await using var registry = store.QuerySession(prefecture.Code);
        return Matching.Rank(need.Terms, await registry.Query<TalentProfile>().ToListAsync(ct));
    }

    private static async Task<IResult> PostAsync(NeedTerms? terms, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (NeedRules.Problems(terms) is { Count: > 0 } problems)
        {
            return Problems.Validation(problems);
        }
        var id = Guid.NewGuid().ToString("N");
        session.Events.StartStream<Need>(id, new NeedPosted(id, terms! with { Title = terms.Title.Trim() }, Caller.Of(http).Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/console/needs/{id}", new { id });
    }

    private static async Task<IResult> OpenNeedsAsync(IDocumentStore store, TenantRegistry towns, CancellationToken ct)
    {
        var all = new List<object>();
        foreach (var town in towns.All.Where(t => t.EnabledServices.Contains(PlatformServices.Talent)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            await using var session = store.QuerySession(town.Id);
            all.AddRange((await session.Query<Need>().Where(n => n.AssignmentId == null).ToListAsync(ct))
                .Select(n => new { town = town.Id, townName = town.NameJa, need = View(n) }));
        }
        return TypedResults.Ok(all);
    }

    private static async Task<IResult> ProposeAsync(string town, string id, ProposalRequest? request, HttpContext http, IDocumentStore store,
        Prefecture prefecture, TenantRegistry towns, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.TalentId))
        {
            return Problems.Validation("talentId", "The person's registry id.");
        }
        if (!TakesPart(towns, town))
        {
            return Problems.NotFound("No such town taking part in talent sharing.");
        }
        await using (var registry = store.QuerySession(prefecture.Code))
        {
            if (await registry.LoadAsync<TalentProfile>(request.TalentId, ct) is not { IsListed: true })
            {
                return Problems.Validation("talentId", "No approved person with this id in the registry.");
            }
        }
        using var scope = CurrentTenant.Change(town);
        await using var session = store.OpenTenantSession();
        var stream = await session.Events.FetchForWriting<Need>(id, ct);
        if (stream.Aggregate is not { } need)
        {
            return Problems.NotFound("No such need in this town.");
        }
        if (!need.IsOpen)
        {
            return Problems.Conflict("この募集は決まりました。(This need is filled.)");
        }
        stream.AppendOne(new CandidateProposed(request.TalentId, Caller.Of(http).Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(View((await session.LoadAsync<Need>(id, ct))!));
    }

    private static async Task<IResult> AcceptAsync(string id, string talentId, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Need>(id, ct);
        if (stream.Aggregate is not { } need)
        {
            return Problems.NotFound("No such need in this town.");
        }
        if (need.Proposals.FirstOrDefault(p => p.TalentId == talentId) is not { } proposal)
        {
            return Problems.NotFound("この方は提案されていません。(This person was not proposed for the need.)");
        }
        if (!need.IsOpen)
        {
            return Problems.Conflict("この募集は決まりました。(This need is filled.)");
        }
        if (proposal.AcceptedByTownAt is null)
        {
            stream.AppendOne(new CandidateAcceptedByTown(talentId, Caller.Of(http).Id, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(View((await session.LoadAsync<Need>(id, ct))!));
    }
}
