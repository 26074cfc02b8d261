using Marten;
using SharedServices.Contracts.Talent;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Talent.Access;
using SharedServices.Talent.Needs;
using SharedServices.Talent.Registry;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Talent.Features.Assignments;

/// <summary>A person's time share in a town, as the town keeps it (in its tenant).</summary>
public sealed class Assignment
{
    public string Id { get; set; } = "";
    public string NeedId { get; set; } = "";
    public string Title { get; set; } = "";
    public string TalentId { get; set; } = "";
    public string TalentName { get; set; } = "";
    public int HoursPerMonth { get; set; }
    public string FromMonth { get; set; } = "";
    public string UntilMonth { get; set; } = "";
    public decimal RatePerHour { get; set; }
    public string? Programme { get; set; }
    public string Procurement { get; set; } = "joint";
    /// <summary>The last month when the town ended the assignment early; the period's end otherwise.</summary>
    public string? EndedAfter { get; set; }
    public string LastMonth => EndedAfter ?? UntilMonth;
    public bool Covers(string month) => string.CompareOrdinal(month, FromMonth) >= 0 && string.CompareOrdinal(month, LastMonth) <= 0;
    /// <summary>Why the assignment falls short of its programme's rule, if it does (flagged, not refused).</summary>
    public string? Flag { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}

/// <summary>
/// The person accepts a need the town accepted them for: the time share is booked against their
/// availability under their registry stream's lock (so two towns' offers accepted at once can never
/// together exceed a month), then the town's need is filled and the assignment recorded in the town.
/// </summary>
public static class AssignmentsApi
{
    public static void MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var talent = app.MapGroup("/talent").RequireAuthorization(AccessRules.Talent).WithTags("Assignments");
        talent.MapGet("/offers", OffersAsync);
        talent.MapPost("/offers/{town}/{needId}/acceptance", AcceptAsync);

        app.TownEndpoints("/console/assignments").RequireAuthorization(AccessRules.Staff).WithTags("Assignments")
            .MapGet("/", async (IQuerySession session, CancellationToken ct) =>
                TypedResults.Ok(await session.Query<Assignment>().OrderByDescending(a => a.AssignedAt).ToListAsync(ct)));
    }

    /// <summary>Needs whose town accepted this person and that are still open, in every town.</summary>
    private static async Task<IResult> OffersAsync(HttpContext http, IDocumentStore store, TenantRegistry towns, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        var offers = new List<object>();
        foreach (var town in towns.All.Where(t => t.EnabledServices.Contains(PlatformServices.Talent)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            await using var session = store.QuerySession(town.Id);
            var needs = await session.Query<Need>().Where(n => n.AssignmentId == null).ToListAsync(ct);
            offers.AddRange(needs.Where(n => n.Proposals.Any(p => p.TalentId == me && p.AcceptedByTownAt != null))
                .Select(n => new { town = town.Id, townName = town.NameJa, needId = n.Id, terms = n.Terms }));
        }
        return TypedResults.Ok(offers);
    }

    private static async Task<IResult> AcceptAsync(string town, string needId, HttpContext http, IDocumentStore store, Prefecture prefecture,
        TenantRegistry towns, TimeProvider clock, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        if (!MunicipalityCode.IsValid(town) || towns.FindById(town) is not { } tenant || !tenant.EnabledServices.Contains(PlatformServices.Talent))
        {
            return Problems.NotFound("No such town taking part in talent sharing.");
        }
        Need? need;
        await using (var townRead = store.QuerySession(town))
        {
            need = await townRead.LoadAsync<Need>(needId, ct);
        }
        if (need is null || need.Proposals.All(p => p.TalentId != me || p.AcceptedByTownAt is null))
        {
            return Problems.NotFound("No such offer for you.");
        }
        if (!need.IsOpen && need.FilledBy != me)
        {
            return Problems.Conflict("この募集は別の方に決まりました。(This need was filled by someone else.)");
        }
        var now = clock.GetUtcNow();
        var terms = need.Terms;

        // 1. The person's registry stream, locked: book the time share if every month has room (or find it booked).
        string assignmentId;
        ProfileDetails details;
        using (prefecture.Scope())
        {
            await using var registry = store.OpenTenantSession();
            var stream = await registry.Events.FetchForExclusiveWriting<TalentProfile>(me, ct);
            if (stream.Aggregate is not { IsListed: true } profile)
            {
                return Problems.Conflict("プロフィールが承認されていません。(Your profile is not approved.)");
            }
            details = profile.Approved!;
            if (profile.TimeShares.FirstOrDefault(s => s.Town == town && s.NeedId == needId) is { } booked)
            {
                assignmentId = booked.AssignmentId;
            }
            else
            {
                if (profile.Shortfalls(terms.FromMonth, terms.UntilMonth, terms.HoursPerMonth) is { Count: > 0 } months)
                {
                    return Problems.Conflict($"次の月は時間が足りません: {string.Join(", ", months)}（月{terms.HoursPerMonth}時間が必要）(Not enough free hours in these months.)");
                }
                assignmentId = Guid.NewGuid().ToString("N");
                stream.AppendOne(new TimeShareBooked(assignmentId, town, needId, terms.HoursPerMonth, terms.FromMonth, terms.UntilMonth, now));
                await registry.SaveChangesAsync(ct);
            }
        }

        // 2. The town: the need filled, the assignment recorded, TalentAssigned published. Repeating the
        // acceptance after a failure here finds the booking above and completes this step.
        using (CurrentTenant.Change(town))
        {
            try
            {
                if (await FillAsync(store, need, assignmentId, me, details, now, ct) is { } other && other != assignmentId)
                {
                    await ReleaseAsync(store, prefecture, me, assignmentId, now, ct);
                    return Problems.Conflict("この募集は別の方に決まりました。(This need was filled by someone else.)");
                }
            }
            catch (JasperFx.ConcurrencyException)
            {
                await ReleaseAsync(store, prefecture, me, assignmentId, now, ct);
                return Problems.Conflict("この募集は同時に別の方に決まりました。(This need was filled by someone else at the same moment.)");
            }
        }
        return TypedResults.Created($"/console/assignments/{assignmentId}", new { id = assignmentId, town, needId });
    }

    /// <summary>Fills the need with this assignment unless it is filled already; returns the assignment that fills it.</summary>
    private static async Task<string> FillAsync(IDocumentStore store, Need need, string assignmentId, string me, ProfileDetails details, DateTimeOffset now, CancellationToken ct)
    {
        var terms = need.Terms;
        var needId = need.Id;
        var town = CurrentTenant.Id;
        await using var session = store.OpenTenantSession();
        var needStream = await session.Events.FetchForWriting<Need>(needId, ct);
        if (needStream.Aggregate!.AssignmentId is { } filledWith)
        {
            return filledWith;
        }
        needStream.AppendMany(new NeedFilled(assignmentId, me, now),
            new TalentAssigned(town, assignmentId, needId, me, terms.HoursPerMonth, terms.FromMonth, terms.UntilMonth, details.RatePerHour, now));
        session.Store(new Assignment
        {
            Id = assignmentId, NeedId = needId, Title = terms.Title, TalentId = me, TalentName = details.Name, HoursPerMonth = terms.HoursPerMonth,
            FromMonth = terms.FromMonth, UntilMonth = terms.UntilMonth, RatePerHour = details.RatePerHour, Programme = terms.Programme, Procurement = terms.Procurement,
            Flag = Programmes.Shortfall(terms.Programme, terms.OnSiteDaysPerMonth, terms.HoursPerMonth), AssignedAt = now,
        });
        await session.SaveChangesAsync(ct);
        return assignmentId;
    }

    private static async Task ReleaseAsync(IDocumentStore store, Prefecture prefecture, string me, string assignmentId, DateTimeOffset now, CancellationToken ct)
    {
        using var scope = prefecture.Scope();
        await using var registry = store.OpenTenantSession();
        var stream = await registry.Events.FetchForExclusiveWriting<TalentProfile>(me, ct);
        stream.AppendOne(new TimeShareReleased(assignmentId, now));
        await registry.SaveChangesAsync(ct);
    }
}
