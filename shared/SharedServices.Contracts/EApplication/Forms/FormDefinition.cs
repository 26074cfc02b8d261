using System.Text.Json.Serialization;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// One published version of a form (申請様式): what the resident fills in, in sections, and what the
/// procedure demands of them. Immutable: a change is a new version, and a submission names the exact
/// version it was made against (<see cref="Ref"/>).
/// </summary>
public sealed record FormDefinition
{
    /// <summary>Stable key of the procedure, e.g. <c>child-allowance</c> (児童手当 認定請求).</summary>
    public required string Key { get; init; }

    /// <summary>1, 2, 3… every publish is a new version.</summary>
    public required int Version { get; init; }

    public required LocalizedText Title { get; init; }

    public LocalizedText? Description { get; init; }

    /// <summary>身元確認保証レベル the resident must have reached to apply (IAL1 = anyone signed in).</summary>
    public AssuranceLevel RequiredAssurance { get; init; } = AssuranceLevel.Ial1;

    /// <summary>How long a submission is kept (保存期間), in days, as the procedure's rules say.</summary>
    public required int RetentionDays { get; init; }

    /// <summary>For a town's form: the prefecture template version it was adapted from.</summary>
    public FormVersionRef? BasedOn { get; init; }

    public required IReadOnlyList<FormSection> Sections { get; init; }

    [JsonIgnore]
    public FormVersionRef Ref => new(Key, Version);

    /// <summary>Every field in reading order (sections top to bottom).</summary>
    [JsonIgnore]
    public IEnumerable<FormField> Fields => Sections.SelectMany(s => s.Fields);

    public FormField? FindField(string key) => Fields.FirstOrDefault(f => f.Key == key);

    /// <summary>
    /// What the upload endpoint must enforce for a file field, or null when the key is not a file field.
    /// </summary>
    public FileLimits? FileLimitsFor(string fieldKey) =>
        FindField(fieldKey) is { Type: FieldType.File } field ? FileLimits.Of(field) : null;
}

/// <summary>A heading with its fields (e.g. 申請者, 対象児童).</summary>
public sealed record FormSection
{
    public required string Key { get; init; }
    public required LocalizedText Title { get; init; }
    public LocalizedText? Help { get; init; }
    public required IReadOnlyList<FormField> Fields { get; init; }
}

/// <summary>Names one immutable version of a form: what a submission and a town's copy point to.</summary>
public sealed record FormVersionRef(string Key, int Version)
{
    public override string ToString() => $"{Key}@{Version}";
}

/// <summary>
/// 身元確認保証レベル, as in 行政手続におけるオンラインによる本人確認の手法に関するガイドライン
/// (same levels as the identity service's <c>ial</c> claim).
/// </summary>
public enum AssuranceLevel
{
    /// <summary>IAL1: self-asserted.</summary>
    Ial1 = 1,
    /// <summary>IAL2: identity evidence checked remotely or in person.</summary>
    Ial2 = 2,
    /// <summary>IAL3: verified with the マイナンバーカード (JPKI).</summary>
    Ial3 = 3,
}

/// <summary>A text in Japanese, with English where given (shown when the resident chose English).</summary>
public sealed record LocalizedText(string Ja, string? En = null)
{
    public string In(string language) => language == "en" && !string.IsNullOrWhiteSpace(En) ? En : Ja;
}
