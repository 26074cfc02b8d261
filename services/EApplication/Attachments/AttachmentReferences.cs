using System.Text.Json.Nodes;
using Marten;
using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Attachments;

/// <summary>
/// The submit-time check of file answers: every attachment id must be one uploaded for this
/// application and for that very field (an id is only well formed until it is looked up here).
/// </summary>
public static class AttachmentReferences
{
    public sealed record Outcome(IReadOnlyList<AnswerError> Errors, IReadOnlyList<Attachment> Referenced);

    public static async Task<Outcome> CheckAsync(IQuerySession session, string applicationId, FormDefinition form, JsonObject answers, CancellationToken ct)
    {
        var fileFields = form.Fields.Where(f => f.Type == FieldType.File && answers[f.Key] is JsonArray { Count: > 0 }).ToList();
        if (fileFields.Count == 0)
        {
            return new([], []);
        }
        var uploaded = (await session.Query<Attachment>().Where(a => a.ApplicationId == applicationId).ToListAsync(ct)).ToDictionary(a => a.Id);
        var errors = new List<AnswerError>();
        var referenced = new List<Attachment>();
        foreach (var field in fileFields)
        {
            var ids = ((JsonArray)answers[field.Key]!).Select(node => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
            var found = ids.Select(id => Guid.TryParseExact(id, "D", out var guid) && uploaded.TryGetValue(guid, out var a) && a.Field == field.Key ? a : null).ToList();
            if (found.Contains(null))
            {
                errors.Add(AnswerErrors.For(field, AnswerErrors.InvalidAttachment));
            }
            referenced.AddRange(found.OfType<Attachment>());
        }
        return new(errors, referenced);
    }
}
