namespace SharedServices.EApplication.Forms;

/// <summary>What became of one override when applied to a template version.</summary>
public enum OverrideStatus
{
    /// <summary>Applied as the town wrote it.</summary>
    Applies,
    /// <summary>Could not be applied (its field is gone, the key is now the template's, the field is mandated…): left out.</summary>
    Conflict,
    /// <summary>Applied, but the prefecture changed the same thing in this version: the town should look again.</summary>
    TemplateChangedToo,
    /// <summary>The template now says the same (or no longer has what the override removed): nothing to apply.</summary>
    NoLongerNeeded,
}

/// <summary>
/// One override's outcome, at its path in the overrides (<c>changedFields[0].help</c>,
/// <c>removedFields[1]</c>, <c>addedFields[0]</c>), with the field it is about.
/// </summary>
public sealed record OverrideOutcome(string Path, string Field, OverrideStatus Status, string MessageJa, string MessageEn);

/// <summary>A town's form built from a template version and its overrides.</summary>
public sealed record AdaptedForm(FormDefinition Definition, IReadOnlyList<OverrideOutcome> Outcomes, IReadOnlyList<DefinitionProblem> Problems)
{
    public IEnumerable<OverrideOutcome> Conflicts => Outcomes.Where(o => o.Status == OverrideStatus.Conflict);

    /// <summary>The definition passes the checks; conflicting overrides were left out (see <see cref="Conflicts"/>).</summary>
    public bool CanPublish => Problems.Count == 0;
}

/// <summary>
/// Applies a town's overrides to a template version: removals, then changes, then additions. An
/// override that cannot apply is reported as a conflict and left out; the rest apply. The result
/// names the template version it is based on and is checked like any definition.
/// </summary>
public static class Adaptation
{
    public static AdaptedForm Apply(FormDefinition template, FormOverrides overrides, int? version = null)
    {
        var outcomes = new List<OverrideOutcome>();
        var templateKeys = template.Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var sections = template.Sections.Select(s => (s.Key, Section: s, Fields: s.Fields.ToList())).ToList();
        var fieldsNow = () => sections.SelectMany(s => s.Fields);

        var addedConditions = overrides.AddedFields.Select(a => a.Field.ShowWhen?.Field).OfType<string>().ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < overrides.RemovedFields.Count; i++)
        {
            var key = overrides.RemovedFields[i];
            var path = $"removedFields[{i}]";
            var field = template.FindField(key);
            if (field is null)
            {
                outcomes.Add(new(path, key, OverrideStatus.NoLongerNeeded, $"項目「{key}」は様式にもうありません。", $"The template no longer has the field '{key}'."));
            }
            else if (field.Mandated)
            {
                outcomes.Add(Conflict(path, key, $"項目「{key}」は県が必須と定めた項目のため削除できません。", $"The field '{key}' is mandated by the prefecture and cannot be removed."));
            }
            else if (fieldsNow().FirstOrDefault(f => f.ShowWhen?.Field == key && !overrides.RemovedFields.Contains(f.Key)) is { } dependent)
            {
                outcomes.Add(Conflict(path, key, $"項目「{dependent.Key}」の表示条件が「{key}」を使っているため削除できません。",
                    $"The field '{key}' cannot be removed: the field '{dependent.Key}' is shown depending on it."));
            }
            else if (addedConditions.Contains(key))
            {
                outcomes.Add(Conflict(path, key, $"町が追加した項目の表示条件が「{key}」を使っているため削除できません。",
                    $"The field '{key}' cannot be removed: a field the town added is shown depending on it."));
            }
            else
            {
                foreach (var section in sections)
                {
                    section.Fields.RemoveAll(f => f.Key == key);
                }
                outcomes.Add(Applied(path, key));
            }
        }

        for (var i = 0; i < overrides.ChangedFields.Count; i++)
        {
            var change = overrides.ChangedFields[i];
            var path = $"changedFields[{i}]";
            var at = sections.Select(s => (s.Fields, Index: s.Fields.FindIndex(f => f.Key == change.Field))).FirstOrDefault(x => x.Index >= 0);
            if (at.Fields is null)
            {
                outcomes.Add(Conflict(path, change.Field, $"変更した項目「{change.Field}」は様式にもうないか、削除されています。",
                    $"The changed field '{change.Field}' is no longer on the form."));
                continue;
            }
            var field = at.Fields[at.Index];
            if (change.Label is { } label)
            {
                field = field with { Label = label };
                outcomes.Add(Applied($"{path}.label", change.Field));
            }
            if (change.Help is { } help)
            {
                field = field with { Help = help };
                outcomes.Add(Applied($"{path}.help", change.Field));
            }
            if (change.Required is { } required)
            {
                if (required == field.Required)
                {
                    outcomes.Add(new($"{path}.required", change.Field, OverrideStatus.NoLongerNeeded,
                        $"項目「{change.Field}」の必須/任意は様式と同じです。", $"The template already makes '{change.Field}' {(required ? "required" : "optional")}."));
                }
                else if (!required && field.Mandated)
                {
                    outcomes.Add(Conflict($"{path}.required", change.Field, $"項目「{change.Field}」は県が必須と定めた項目のため任意にできません。",
                        $"The field '{change.Field}' is mandated by the prefecture and cannot be made optional."));
                }
                else
                {
                    field = field with { Required = required };
                    outcomes.Add(Applied($"{path}.required", change.Field));
                }
            }
            at.Fields[at.Index] = field;
        }

        for (var i = 0; i < overrides.AddedFields.Count; i++)
        {
            var added = overrides.AddedFields[i];
            var key = added.Field.Key;
            var path = $"addedFields[{i}]";
            var section = sections.FirstOrDefault(s => s.Key == added.Section);
            if (templateKeys.Contains(key))
            {
                outcomes.Add(Conflict(path, key, $"追加した項目のキー「{key}」は様式の項目と重なっています。", $"The added field's key '{key}' is now a template field's key."));
            }
            else if (section.Fields is null)
            {
                outcomes.Add(Conflict(path, key, $"追加先の区分「{added.Section}」が様式にありません。", $"The section '{added.Section}' the field was added to is no longer on the form."));
            }
            else if (added.Field.ShowWhen is { } condition && !fieldsNow().Any(f => f.Key == condition.Field))
            {
                outcomes.Add(Conflict(path, key, $"追加した項目の表示条件の項目「{condition.Field}」が様式にありません。",
                    $"The added field is shown depending on '{condition.Field}', which is no longer on the form."));
            }
            else
            {
                var after = added.After is null ? -1 : section.Fields.FindIndex(f => f.Key == added.After);
                section.Fields.Insert(after >= 0 ? after + 1 : section.Fields.Count, added.Field);
                outcomes.Add(Applied(path, key));
            }
        }

        var definition = template with
        {
            Version = version ?? template.Version,
            BasedOn = template.Ref,
            Description = overrides.Description ?? template.Description,
            // A section the town emptied by removals is left out (e.g. 代理人 when the town takes no proxies).
            Sections = [.. sections.Where(s => s.Fields.Count > 0).Select(s => s.Section with { Fields = [.. s.Fields] })],
        };
        return new AdaptedForm(definition, outcomes, DefinitionChecks.Check(definition));
    }

    private static OverrideOutcome Applied(string path, string field) => new(path, field, OverrideStatus.Applies, "適用されます。", "Applies.");

    private static OverrideOutcome Conflict(string path, string field, string ja, string en) => new(path, field, OverrideStatus.Conflict, ja, en);
}
