namespace SharedServices.EApplication.Forms;

/// <summary>
/// A town's changes to a prefecture template (町の独自変更), kept apart from the template so they can
/// be applied again when the prefecture publishes a new version. Copy-on-adopt: a town's form is
/// always <c>template version + overrides</c> (<see cref="Adaptation.Apply"/>).
/// </summary>
public sealed record FormOverrides
{
    public static readonly FormOverrides None = new();

    /// <summary>Fields the town adds (e.g. 町独自の 同意事項, a 行政区 choice).</summary>
    public IReadOnlyList<AddedField> AddedFields { get; init; } = [];

    /// <summary>Template fields the town does not ask for. A mandated field cannot be removed.</summary>
    public IReadOnlyList<string> RemovedFields { get; init; } = [];

    /// <summary>Changed label or help texts and required flags of template fields.</summary>
    public IReadOnlyList<FieldOverride> ChangedFields { get; init; } = [];

    /// <summary>The town's own description of the procedure (窓口, 問い合わせ先).</summary>
    public LocalizedText? Description { get; init; }

    public bool IsEmpty => AddedFields.Count == 0 && RemovedFields.Count == 0 && ChangedFields.Count == 0 && Description is null;
}

/// <summary>A field the town adds to a section: after the field <see cref="After"/>, or at the section's end.</summary>
public sealed record AddedField(string Section, FormField Field, string? After = null);

/// <summary>
/// A town's change to one template field. Only what is set is changed. <see cref="Required"/> may
/// make a field required, or optional unless the prefecture mandated it.
/// </summary>
public sealed record FieldOverride(string Field)
{
    public LocalizedText? Label { get; init; }
    public LocalizedText? Help { get; init; }
    public bool? Required { get; init; }
}
