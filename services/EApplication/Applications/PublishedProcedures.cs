using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;
using Marten.Services;
using SharedServices.EApplication.Procedures;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Applications;

/// <summary>
/// A town's published procedures, kept for a moment. Every start and submission asks for its procedure, and
/// reading it from PostgreSQL costs three round trips (the tenant setting, the read, the setting's reset): in
/// the submissions benchmark that was most of what a submission's own request spent there.
/// <para>
/// A change made by this instance is seen by every read that starts after its commit (<see cref="Listener"/>
/// forgets the procedure when its stream's events commit; a read already under way may keep what it read, for
/// <see cref="KeptFor"/> at most). A change made by another instance is seen within <see cref="KeptFor"/>. Until
/// then a resident may start against the version published a moment before, which stays valid: the
/// application records that exact, immutable version (<see cref="PublishedForms"/>).
/// </para>
/// </summary>
public sealed class PublishedProcedures
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(string Town, string Key), (Procedure Procedure, long Until)> _kept = new();

    public PublishedProcedures() => Listener = new ForgetOnCommit(this);

    /// <summary>Registered with the store: forgets the procedures whose streams a commit touched.</summary>
    public IDocumentSessionListener Listener { get; }

    /// <summary>The procedure, if it is published in the town in scope (unknown and unpublished ones are not kept).</summary>
    public async Task<Procedure?> FindAsync(IQuerySession session, string key, CancellationToken ct)
    {
        var id = (CurrentTenant.Id, key);
        if (_kept.TryGetValue(id, out var kept) && Stopwatch.GetTimestamp() < kept.Until)
        {
            return kept.Procedure;
        }
        if (await session.LoadAsync<Procedure>(key, ct) is not { IsPublished: true } procedure)
        {
            _kept.TryRemove(id, out _);
            return null;
        }
        _kept[id] = (procedure, Stopwatch.GetTimestamp() + (long)(KeptFor.TotalSeconds * Stopwatch.Frequency));
        return procedure;
    }

    private sealed class ForgetOnCommit(PublishedProcedures procedures) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            foreach (var change in commit.GetEvents())
            {
                if ((change.Data is ProcedureAdopted or ProcedureCreated or OverridesChanged or ProcedureVersionPublished
                    or TemplateUpdateOffered or TemplateUpdateKept) && change.StreamKey is { } key)
                {
                    procedures._kept.TryRemove((change.TenantId, key), out _);
                }
            }
            return Task.CompletedTask;
        }
    }
}
