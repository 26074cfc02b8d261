using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharedServices.EApplication.Forms;

public enum FieldChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>A field that differs between two versions, and which of its properties changed (<c>help</c>, <c>required</c>, <c>section</c>…).</summary>
public sealed record FieldChange(string Field, FieldChangeKind Kind, IReadOnlyList<string> Properties);

/// <summary>
/// What changed from one template version to another: form-level properties (<c>title</c>,
/// <c>requiredAssurance</c>, <c>retentionDays</c>…) and fields added, removed or changed, in the
/// newer version's order (removed ones last).
/// </summary>
public sealed record TemplateDiff(FormVersionRef From, FormVersionRef To, IReadOnlyList<string> FormProperties, IReadOnlyList<FieldChange> Fields)
{
    public bool IsEmpty => FormProperties.Count == 0 && Fields.Count == 0;

    public FieldChange? For(string field) => Fields.FirstOrDefault(f => f.Field == field);

    public bool Changed(string field, string property) => For(field) is { Kind: FieldChangeKind.Changed } change && change.Properties.Contains(property);

    public static TemplateDiff Between(FormDefinition older, FormDefinition newer)
    {
        var oldFields = Placed(older);
        var newFields = Placed(newer);
        var changes = new List<FieldChange>();
        foreach (var (key, (section, field)) in newFields)
        {
            if (!oldFields.TryGetValue(key, out var before))
            {
                changes.Add(new(key, FieldChangeKind.Added, []));
                continue;
            }
            var properties = ChangedProperties(Json(before.Field), Json(field));
            if (before.Section != section)
            {
                properties.Add("section");
            }
            if (properties.Count > 0)
            {
                changes.Add(new(key, FieldChangeKind.Changed, properties));
            }
        }
        changes.AddRange(oldFields.Keys.Where(k => !newFields.ContainsKey(k)).Select(k => new FieldChange(k, FieldChangeKind.Removed, [])));

        var formProperties = ChangedProperties(FormLevel(older), FormLevel(newer));
        if (!older.Sections.Select(s => (s.Key, Json(s.Title).ToJsonString())).SequenceEqual(newer.Sections.Select(s => (s.Key, Json(s.Title).ToJsonString()))))
        {
            formProperties.Add("sections");
        }
        return new(older.Ref, newer.Ref, formProperties, changes);
    }

    private static Dictionary<string, (string Section, FormField Field)> Placed(FormDefinition form)
    {
        var placed = new Dictionary<string, (string, FormField)>(StringComparer.Ordinal);
        foreach (var section in form.Sections)
        {
            foreach (var field in section.Fields)
            {
                placed.TryAdd(field.Key, (section.Key, field));
            }
        }
        return placed;
    }

    private static JsonObject FormLevel(FormDefinition form)
    {
        var json = Json(form);
        foreach (var ignored in new[] { "key", "version", "basedOn", "sections" })
        {
            json.Remove(ignored);
        }
        return json;
    }

    private static JsonObject Json<T>(T value) => JsonSerializer.SerializeToNode(value, FormJson.Options)!.AsObject();

    /// <summary>Property names (as in the JSON) whose values differ; one absent on one side counts.</summary>
    private static List<string> ChangedProperties(JsonObject before, JsonObject after) =>
        before.Select(p => p.Key).Union(after.Select(p => p.Key))
            .Where(name => !JsonNode.DeepEquals(before[name], after[name]))
            .ToList();
}
