using SharedServices.EApplication.Attachments;
using Marten;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Helpers;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Retention;

/// <summary>
/// Erases the personal data of the town's applications whose retention period (保存期間, the
/// <c>retentionDays</c> of the form version they were made on) has run out since they were decided or
/// withdrawn: every event of the stream masked by <see cref="PersonalDataMasking"/>, then
/// <see cref="PersonalDataErased"/> appended, which clears the snapshot. Open applications are never
/// touched, however old. Then each resident's authorisation of a helper (委任) that has ended and
/// whose applications have all been erased (or that has none) loses the resident's name and address
/// the same way (<see cref="AuthorisationErased"/>): the consent is kept exactly as long as what was
/// done under it. Runs in the tenant in scope.
/// </summary>
public sealed class PersonalDataErasure(IDocumentStore store, TimeProvider clock, ILogger<PersonalDataErasure> logger)
{
    /// <summary>An application and the moment its personal data is due to go.</summary>
    public sealed record Due(string Id, string ProcedureKey, int FormVersion, string Status, string? ReceiptNumber, DateTimeOffset ClosedAt, int RetentionDays, DateTimeOffset EraseAfter);

    /// <summary>The closed applications, not yet erased, whose retention runs out before <paramref name="until"/>.</summary>
    public async Task<IReadOnlyList<Due>> FindDueAsync(DateTimeOffset until, CancellationToken ct)
    {
        await using var session = store.OpenTenantSession();
        var due = new List<Due>();
        // One query per published form version: each has its own retention period (a handful per town).
        foreach (var form in await session.Query<PublishedForm>().ToListAsync(ct))
        {
            var definition = FormJson.Read(form.DefinitionJson);
            var closedBefore = until.AddDays(-definition.RetentionDays);
            var applications = await session.Query<Application>()
                .Where(a => a.ProcedureKey == definition.Key && a.FormVersion == definition.Version
                    && a.ErasedAt == null && a.ClosedAt != null && a.ClosedAt < closedBefore)
                .OrderBy(a => a.ClosedAt)
                .ToListAsync(ct);
            due.AddRange(applications.Select(a => new Due(a.Id, a.ProcedureKey, a.FormVersion, a.Status.ToString(), a.ReceiptNumber,
                a.ClosedAt!.Value, definition.RetentionDays, a.ClosedAt.Value.AddDays(definition.RetentionDays))));
        }
        return [.. due.OrderBy(d => d.EraseAfter)];
    }

    /// <summary>Erases every application due now; returns how many. One failing is logged and retried on the next run.</summary>
    public async Task<int> EraseDueAsync(CancellationToken ct)
    {
        var erased = 0;
        foreach (var due in await FindDueAsync(clock.GetUtcNow(), ct))
        {
            try
            {
                if (await EraseAsync(due, ct))
                {
                    erased++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Erasing the personal data of application {ApplicationId} failed; retried on the next run", due.Id);
            }
        }
        return erased + await EraseEndedAuthorisationsAsync(ct);
    }

    /// <summary>Ended authorisations with no application made under them still kept: their resident's personal data erased; how many.</summary>
    private async Task<int> EraseEndedAuthorisationsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var query = store.QuerySession(CurrentTenant.Id);
        var ended = await query.Query<Authorisation>()
            .Where(a => a.ErasedAt == null && (a.RevokedAt != null || a.Until <= now))
            .Select(a => a.Id)
            .ToListAsync(ct);
        var erased = 0;
        foreach (var id in ended)
        {
            if (await query.Query<Application>().AnyAsync(a => a.AuthorisationId == id && a.ErasedAt == null, ct))
            {
                continue;
            }
            try
            {
                await using var session = store.OpenTenantSession();
                var stream = await session.Events.FetchForWriting<Authorisation>(id, ct);
                if (stream.Aggregate is not { ErasedAt: null })
                {
                    continue;
                }
                await store.Advanced.ApplyEventDataMasking(masking =>
                {
                    masking.ForTenant(CurrentTenant.Id);
                    masking.IncludeStream(id);
                    masking.AddHeader("masked", "retention");
                }, ct);
                stream.AppendOne(new AuthorisationErased(now));
                await session.SaveChangesAsync(ct);
                erased++;
                logger.LogInformation("Personal data of authorisation {AuthorisationId} erased: ended, and no application made under it is kept", id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Erasing the personal data of authorisation {AuthorisationId} failed; retried on the next run", id);
            }
        }
        return erased;
    }

    private async Task<bool> EraseAsync(Due due, CancellationToken ct)
    {
        await using var session = store.OpenTenantSession();
        // Read for writing first: a comment added while the events are masked fails the append below
        // (the version moved), and the next run masks again, that comment included.
        var stream = await session.Events.FetchForWriting<Application>(due.Id, ct);
        if (stream.Aggregate is not { ErasedAt: null, ClosedAt: not null })
        {
            return false;
        }
        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            masking.ForTenant(CurrentTenant.Id);
            masking.IncludeStream(due.Id);
            masking.AddHeader("masked", "retention");
        }, ct);
        stream.AppendOne(new PersonalDataErased(due.RetentionDays, clock.GetUtcNow()));
        // The files go with the answers (the attachment events keep only names, masked with the rest).
        var files = await session.Query<Attachment>().Where(a => a.ApplicationId == due.Id).Select(a => a.Id).ToListAsync(ct);
        foreach (var file in files)
        {
            session.Delete<Attachment>(file);
            session.Delete<AttachmentContent>(file);
        }
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Personal data of application {ApplicationId} ({Procedure}, closed {ClosedAt:O}) erased after {RetentionDays} days",
            due.Id, due.ProcedureKey, due.ClosedAt, due.RetentionDays);
        return true;
    }
}
