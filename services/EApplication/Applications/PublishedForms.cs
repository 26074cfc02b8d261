using System.Collections.Concurrent;
using Marten;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Applications;

/// <summary>
/// The validator of a published form version, built once: a published version never changes, so
/// (town, procedure, version) → validator can be kept for the life of the process.
/// </summary>
public sealed class PublishedForms
{
    private readonly ConcurrentDictionary<(string Town, string Key, int Version), SubmissionValidator> _validators = new();

    public async Task<SubmissionValidator?> FindAsync(IQuerySession session, string key, int version, CancellationToken ct)
    {
        var id = (CurrentTenant.Id, key, version);
        if (_validators.TryGetValue(id, out var known))
        {
            return known;
        }
        if (await session.LoadAsync<PublishedForm>(PublishedForm.IdOf(key, version), ct) is not { } form)
        {
            return null;
        }
        return _validators.GetOrAdd(id, _ => new SubmissionValidator(FormJson.Read(form.DefinitionJson)));
    }
}
