namespace SharedServices.EApplication.Forms;

/// <summary>
/// What a subscribed town sees when the prefecture publishes a new version of a template it adapted:
/// the template's changes, what becomes of each of its overrides, and the form it would publish if it
/// accepts. Keeping its version means doing nothing.
/// </summary>
public sealed record UpgradePreview(TemplateDiff TemplateChanges, AdaptedForm Accepted)
{
    public IReadOnlyList<OverrideOutcome> Overrides => Accepted.Outcomes;

    public IEnumerable<OverrideOutcome> Conflicts => Accepted.Conflicts;
}

public static class TemplateUpgrade
{
    /// <summary>The difference between the town's base and the new version, against the town's overrides.</summary>
    public static UpgradePreview Preview(FormDefinition currentBase, FormDefinition newBase, FormOverrides overrides)
    {
        var diff = TemplateDiff.Between(currentBase, newBase);
        var accepted = Accept(newBase, overrides);
        var outcomes = accepted.Outcomes.Select(o => Review(o, diff)).ToList();
        if (overrides.Description is not null && diff.FormProperties.Contains("description"))
        {
            outcomes.Add(new("description", "", OverrideStatus.TemplateChangedToo,
                "県が説明文を変更しました。町の説明文を見直してください。", "The prefecture changed the description; review the town's own."));
        }
        return new(diff, accepted with { Outcomes = outcomes });
    }

    /// <summary>Accept: the town's overrides applied again onto the new base (conflicting ones left out).</summary>
    public static AdaptedForm Accept(FormDefinition newBase, FormOverrides overrides, int? version = null) =>
        Adaptation.Apply(newBase, overrides, version);

    /// <summary>An override that still applies, on something the prefecture changed too, is flagged for review.</summary>
    private static OverrideOutcome Review(OverrideOutcome outcome, TemplateDiff diff)
    {
        if (outcome.Status != OverrideStatus.Applies)
        {
            return outcome;
        }
        var property = outcome.Path.Split('.') is [_, var name] ? name : null;
        if (outcome.Path.StartsWith("changedFields[", StringComparison.Ordinal) && property is not null && diff.Changed(outcome.Field, property))
        {
            return outcome with
            {
                Status = OverrideStatus.TemplateChangedToo,
                MessageJa = $"県も項目「{outcome.Field}」の{property}を変更しました。町の変更を見直してください。",
                MessageEn = $"The prefecture also changed the {property} of '{outcome.Field}'; review the town's change.",
            };
        }
        if (outcome.Path.StartsWith("removedFields[", StringComparison.Ordinal) && diff.For(outcome.Field) is { Kind: FieldChangeKind.Changed })
        {
            return outcome with
            {
                Status = OverrideStatus.TemplateChangedToo,
                MessageJa = $"町が削除した項目「{outcome.Field}」を県が変更しました。削除のままでよいか確認してください。",
                MessageEn = $"The prefecture changed the field '{outcome.Field}' that the town removed; check it should stay removed.",
            };
        }
        return outcome;
    }
}
