using System.Text.Json.Serialization;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// One question on a form. The rules that apply depend on <see cref="Type"/>; the definition checks
/// (<see cref="DefinitionChecks"/>) refuse a rule on a type it means nothing for.
/// </summary>
public sealed record FormField
{
    /// <summary>Stable key (<c>^[a-z][a-zA-Z0-9]*$</c>): the answer's name in a submission, never renamed.</summary>
    public required string Key { get; init; }

    /// <summary>Always written, even <c>text</c> (the enum's default), because reading requires it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required FieldType Type { get; init; }

    public required LocalizedText Label { get; init; }

    /// <summary>Help shown under the field (記入例, where to find the number…).</summary>
    public LocalizedText? Help { get; init; }

    /// <summary>Must be answered when shown. A checkbox that is required must be ticked (同意).</summary>
    public bool Required { get; init; }

    /// <summary>
    /// The prefecture fixed this field (法定記載事項): a town may neither remove it nor make it optional.
    /// </summary>
    public bool Mandated { get; init; }

    // text, multilineText, address
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    /// <summary>A .NET/ECMAScript regular expression the whole answer must match.</summary>
    public string? Pattern { get; init; }
    /// <summary>The message shown when <see cref="Pattern"/> does not match (e.g. 記号番号 の形).</summary>
    public LocalizedText? PatternHint { get; init; }
    /// <summary>Which characters a name may use (フリガナ: 全角カタカナ).</summary>
    public KanaRule? Kana { get; init; }

    // number
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    /// <summary>Counts (人数, 個数) take whole numbers only.</summary>
    public bool WholeNumber { get; init; }
    /// <summary>Shown after the input (円, 個, 頭).</summary>
    public LocalizedText? Unit { get; init; }

    // date: an ISO date, "today", or "today+N" / "today-N" days (see DateBound)
    public string? MinDate { get; init; }
    public string? MaxDate { get; init; }
    /// <summary>Show the date in 和暦 beside the calendar date (生年月日 on forms for the elderly).</summary>
    public bool ShowWareki { get; init; }

    // choice, multiChoice
    public IReadOnlyList<ChoiceOption>? Options { get; init; }
    /// <summary>multiChoice: at most this many picked.</summary>
    public int? MaxSelections { get; init; }

    // file: the answer is a list of attachment ids; the upload endpoint checks the bytes
    public long? MaxFileBytes { get; init; }
    public IReadOnlyList<string>? AllowedContentTypes { get; init; }
    /// <summary>How many files (default 1).</summary>
    public int? MaxFiles { get; init; }

    /// <summary>Shown (and so possibly required) only when an earlier field has one of the given values.</summary>
    public ShowWhen? ShowWhen { get; init; }
}

public enum FieldType
{
    Text,
    MultilineText,
    Number,
    /// <summary>An ISO calendar date (yyyy-MM-dd); may be shown in 和暦.</summary>
    Date,
    /// <summary>One of the options.</summary>
    Choice,
    /// <summary>Any of the options (a list of checkboxes).</summary>
    MultiChoice,
    /// <summary>A single yes/no tick (同意する, 該当する).</summary>
    Checkbox,
    /// <summary>郵便番号 (〒123-4567); the UI may fill the next address field from it.</summary>
    PostalCode,
    /// <summary>住所 after the postal code.</summary>
    Address,
    /// <summary>A Japanese phone number (固定電話, 携帯電話, IP電話).</summary>
    Phone,
    Email,
    /// <summary>Uploaded attachments (写真, 証明書の写し), referenced by id.</summary>
    File,
}

/// <summary>Which characters a text answer may use.</summary>
public enum KanaRule
{
    /// <summary>全角カタカナ (and 長音, 中黒, spaces): フリガナ欄.</summary>
    ZenkakuKatakana,
    /// <summary>ひらがな (and 長音, spaces): ふりがな欄.</summary>
    Hiragana,
    /// <summary>半角カタカナ (and half-width spaces): for legacy systems such as 口座名義.</summary>
    HankakuKatakana,
    /// <summary>半角 only: ASCII letters, digits, symbols and spaces (ローマ字 names, 記号番号).</summary>
    Hankaku,
    /// <summary>全角 only: no half-width characters.</summary>
    Zenkaku,
}

/// <summary>An option of a choice: a stable value stored in answers, and its labels.</summary>
public sealed record ChoiceOption(string Value, LocalizedText Label);

/// <summary>
/// Show the field only when the earlier field <see cref="Field"/> has one of <see cref="AnyOf"/>
/// (for a multiChoice: any of its picks; for a checkbox: "true" or "false").
/// </summary>
public sealed record ShowWhen(string Field, IReadOnlyList<string> AnyOf);
