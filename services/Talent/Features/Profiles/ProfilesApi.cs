using Marten;
using SharedServices.EventStore;
using SharedServices.Talent.Access;
using SharedServices.Talent.Registry;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Talent.Features.Profiles;

/// <summary>
/// The registry (人材登録): the talent edit their own profile, the prefecture approves each change, and
/// every town sees approved profiles — contact details only where the person works for that town.
/// </summary>
public static class ProfilesApi
{
    public static void MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var talent = app.MapGroup("/talent/profile").RequireAuthorization(AccessRules.Talent).WithTags("Registry");
        talent.MapGet("/", async (HttpContext http, IDocumentStore store, Prefecture prefecture, CancellationToken ct) =>
        {
            using var scope = prefecture.Scope();
            await using var session = store.QuerySession(prefecture.Code);
            return await session.LoadAsync<TalentProfile>(Caller.Of(http).Id, ct) is { } profile
                ? TypedResults.Ok(OwnView(profile))
                : Problems.NotFound("まだプロフィールがありません。(No profile yet.)");
        });
        talent.MapPut("/", SubmitAsync);

        var operators = app.MapGroup("/prefecture/talent").RequireAuthorization(AccessRules.Operators).WithTags("Registry");
        operators.MapGet("/", async (IDocumentStore store, Prefecture prefecture, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(prefecture.Code);
            return TypedResults.Ok((await session.Query<TalentProfile>().ToListAsync(ct)).OrderBy(p => p.Id, StringComparer.Ordinal).Select(OwnView));
        });
        operators.MapPost("/{id}/approval", ApproveAsync);

        var towns = app.TownEndpoints("/console/talent").RequireAuthorization(AccessRules.Staff).WithTags("Registry");
        towns.MapGet("/", async (IDocumentStore store, Prefecture prefecture, CancellationToken ct) =>
        {
            var town = CurrentTenant.Id;
            await using var session = store.QuerySession(prefecture.Code);
            var listed = (await session.Query<TalentProfile>().ToListAsync(ct)).Where(p => p.IsListed).OrderBy(p => p.Id, StringComparer.Ordinal);
            return TypedResults.Ok(listed.Select(p => TownView(p, town)));
        });
        towns.MapGet("/{id}", async (string id, IDocumentStore store, Prefecture prefecture, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(prefecture.Code);
            return await session.LoadAsync<TalentProfile>(id, ct) is { IsListed: true } profile
                ? TypedResults.Ok(TownView(profile, CurrentTenant.Id))
                : Problems.NotFound("No such person in the registry.");
        });
    }

    public static object OwnView(TalentProfile p) => new
    {
        id = p.Id, approved = p.Approved, pending = p.Pending, approvedAt = p.ApprovedAt,
        timeShares = p.TimeShares,
    };

    /// <summary>What a town sees: the approved profile; the contact only if the person works for it.</summary>
    public static object TownView(TalentProfile p, string town)
    {
        var d = p.Approved!;
        return new
        {
            id = p.Id, name = d.Name, role = d.Role, skills = d.Skills, publicSectorYears = d.PublicSectorYears,
            availability = d.Availability.Select(a => new { a.Month, a.Hours, free = p.FreeIn(a.Month) }),
            remote = d.Remote, onSite = d.OnSite, region = d.Region, ratePerHour = d.RatePerHour,
            contact = p.WorksFor(town) ? d.Contact : null,
        };
    }

    private static async Task<IResult> SubmitAsync(ProfileDetails? details, HttpContext http, IDocumentStore store, Prefecture prefecture, TimeProvider clock, CancellationToken ct)
    {
        if (ProfileRules.Problems(details) is { Count: > 0 } problems)
        {
            return Problems.Validation(problems);
        }
        var clean = details! with { Name = details.Name.Trim(), Region = details.Region.Trim(), Availability = [.. details.Availability.OrderBy(a => a.Month, StringComparer.Ordinal)] };
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        var stream = await session.Events.FetchForWriting<TalentProfile>(Caller.Of(http).Id, ct);
        stream.AppendOne(new ProfileSubmitted(clean, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted("/talent/profile", OwnView((await session.LoadAsync<TalentProfile>(Caller.Of(http).Id, ct))!));
    }

    /// <summary>
    /// Approves the pending change. Availability the person's time shares already use cannot be taken
    /// away: a change that would leave a month over-booked is refused, naming the months.
    /// </summary>
    private static async Task<IResult> ApproveAsync(string id, HttpContext http, IDocumentStore store, Prefecture prefecture, TimeProvider clock, CancellationToken ct)
    {
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        var stream = await session.Events.FetchForExclusiveWriting<TalentProfile>(id, ct);
        if (stream.Aggregate is not { } profile)
        {
            return Problems.NotFound("No such person in the registry.");
        }
        if (profile.Pending is not { } pending)
        {
            return Problems.Conflict("承認待ちの変更はありません。(No change awaits approval.)");
        }
        var overBooked = profile.TimeShares.SelectMany(s => Months.Between(s.FromMonth, s.UntilMonth)).Distinct()
            .Where(m => pending.Availability.Where(a => a.Month == m).Sum(a => a.Hours) < profile.BookedIn(m)).Order(StringComparer.Ordinal).ToList();
        if (overBooked.Count > 0)
        {
            return Problems.Conflict($"この変更では、すでに割り当てのある月の時間が足りなくなります: {string.Join(", ", overBooked)} (the change leaves booked months short)");
        }
        stream.AppendOne(new ProfileApproved(Caller.Of(http).Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(OwnView((await session.LoadAsync<TalentProfile>(id, ct))!));
    }
}
