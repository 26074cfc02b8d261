using System.Text.RegularExpressions;

namespace SharedServices.EApplication.Forms;

/// <summary>What is wrong with a definition, at a path into it (<c>sections[0].fields[2].maxLength</c>).</summary>
public sealed record DefinitionProblem(string Path, string MessageJa, string MessageEn)
{
    public override string ToString() => $"{Path}: {MessageEn}";
}

/// <summary>
/// A definition is checked before it is published (by the prefecture or by a town after adapting):
/// keys unique and well formed, every rule on a type it means something for, sane ranges, conditions
/// on earlier fields with values those fields can have. Never a マイナンバー field.
/// </summary>
public static partial class DefinitionChecks
{
    /// <summary>No text answer may be longer, whatever a definition says.</summary>
    public const int PlatformMaxLength = 10_000;

    public const int MaxKeyLength = 64;

    public const int MaxRetentionDays = 36_500;

    public static bool IsValid(FormDefinition form) => Check(form).Count == 0;

    public static IReadOnlyList<DefinitionProblem> Check(FormDefinition form)
    {
        var problems = new List<DefinitionProblem>();
        void Add(string path, string ja, string en) => problems.Add(new(path, ja, en));

        if (!FormKey().IsMatch(form.Key ?? ""))
        {
            Add("key", "様式のキーは小文字英数字とハイフン(例: child-allowance)で指定してください。",
                "The form key must be lower-case letters, digits and hyphens (e.g. child-allowance).");
        }
        if (form.Version < 1)
        {
            Add("version", "版数は1以上です。", "The version must be 1 or more.");
        }
        CheckText(form.Title, "title", "様式名", "title", required: true, Add);
        CheckText(form.Description, "description", "説明", "description", required: false, Add);
        if (!Enum.IsDefined(form.RequiredAssurance))
        {
            Add("requiredAssurance", "身元確認保証レベルは ial1, ial2, ial3 のいずれかです。", "The required assurance level must be ial1, ial2 or ial3.");
        }
        if (form.RetentionDays is < 1 or > MaxRetentionDays)
        {
            Add("retentionDays", $"保存期間(日数)は1から{MaxRetentionDays}の間で指定してください。",
                $"The retention period must be between 1 and {MaxRetentionDays} days.");
        }
        if (form.Sections is not { Count: > 0 })
        {
            Add("sections", "区分(セクション)が1つ以上必要です。", "A form needs at least one section.");
            return problems;
        }

        var sectionKeys = new HashSet<string>(StringComparer.Ordinal);
        var earlier = new Dictionary<string, FormField>(StringComparer.Ordinal);
        for (var s = 0; s < form.Sections.Count; s++)
        {
            var section = form.Sections[s];
            var sectionPath = $"sections[{s}]";
            if (!FieldKey().IsMatch(section.Key ?? "") || section.Key!.Length > MaxKeyLength)
            {
                Add($"{sectionPath}.key", $"区分のキー「{section.Key}」は英小文字で始まる英数字(例: applicant)にしてください。",
                    $"The section key '{section.Key}' must start with a lower-case letter and contain only letters and digits (e.g. applicant).");
            }
            else if (!sectionKeys.Add(section.Key))
            {
                Add($"{sectionPath}.key", $"区分のキー「{section.Key}」が重複しています。", $"The section key '{section.Key}' is used twice.");
            }
            CheckText(section.Title, $"{sectionPath}.title", "区分名", "section title", required: true, Add);
            if (section.Fields is not { Count: > 0 })
            {
                Add($"{sectionPath}.fields", "区分には項目が1つ以上必要です。", "A section needs at least one field.");
                continue;
            }
            for (var f = 0; f < section.Fields.Count; f++)
            {
                var field = section.Fields[f];
                var path = $"{sectionPath}.fields[{f}]";
                FieldChecks(field, path, earlier, Add);
                if (FieldKey().IsMatch(field.Key ?? ""))
                {
                    earlier.TryAdd(field.Key!, field);
                }
            }
        }
        return problems;
    }

    private static void FieldChecks(FormField field, string path, Dictionary<string, FormField> earlier, Action<string, string, string> add)
    {
        var key = field.Key ?? "";
        if (!FieldKey().IsMatch(key) || key.Length > MaxKeyLength)
        {
            add($"{path}.key", $"項目のキー「{key}」は英小文字で始まる英数字(例: nameKana)にしてください。",
                $"The field key '{key}' must start with a lower-case letter and contain only letters and digits (e.g. nameKana).");
        }
        else if (earlier.ContainsKey(key))
        {
            add($"{path}.key", $"項目のキー「{key}」が重複しています。", $"The field key '{key}' is used twice.");
        }
        CheckText(field.Label, $"{path}.label", "項目名", "label", required: true, add);
        CheckText(field.Help, $"{path}.help", "説明", "help", required: false, add);
        if (!Enum.IsDefined(field.Type))
        {
            add($"{path}.type", "項目の種類が不明です。", "Unknown field type.");
            return;
        }
        if (AsksForMyNumber(field))
        {
            add($"{path}.label", "マイナンバー(個人番号)を入力させる項目は作れません。本人確認は身元確認保証レベルで行います。",
                "A form may not ask for a My Number (individual number); require an assurance level instead.");
        }

        var type = field.Type;
        var textual = type is FieldType.Text or FieldType.MultilineText or FieldType.Address;
        void OnlyFor(bool allowed, object? value, string property, string types)
        {
            if (!allowed && value is not null and not false)
            {
                add($"{path}.{property}", $"{property} は{types}の項目にだけ指定できます。", $"{property} applies to {types} fields only.");
            }
        }

        OnlyFor(textual, field.MinLength, "minLength", "text");
        OnlyFor(textual, field.MaxLength, "maxLength", "text");
        OnlyFor(textual, field.Pattern, "pattern", "text");
        OnlyFor(textual, field.Kana, "kana", "text");
        OnlyFor(field.Pattern is not null, field.PatternHint, "patternHint", "pattern");
        OnlyFor(type == FieldType.Number, field.Min, "min", "number");
        OnlyFor(type == FieldType.Number, field.Max, "max", "number");
        OnlyFor(type == FieldType.Number, field.WholeNumber, "wholeNumber", "number");
        OnlyFor(type == FieldType.Number, field.Unit, "unit", "number");
        OnlyFor(type == FieldType.Date, field.MinDate, "minDate", "date");
        OnlyFor(type == FieldType.Date, field.MaxDate, "maxDate", "date");
        OnlyFor(type == FieldType.Date, field.ShowWareki, "showWareki", "date");
        OnlyFor(type is FieldType.Choice or FieldType.MultiChoice, field.Options, "options", "choice");
        OnlyFor(type == FieldType.MultiChoice, field.MaxSelections, "maxSelections", "multiChoice");
        OnlyFor(type == FieldType.File, field.MaxFileBytes, "maxFileBytes", "file");
        OnlyFor(type == FieldType.File, field.AllowedContentTypes, "allowedContentTypes", "file");
        OnlyFor(type == FieldType.File, field.MaxFiles, "maxFiles", "file");

        if (field.MinLength is < 0)
        {
            add($"{path}.minLength", "最小文字数は0以上です。", "minLength must be 0 or more.");
        }
        if (field.MaxLength is < 1 or > PlatformMaxLength)
        {
            add($"{path}.maxLength", $"最大文字数は1から{PlatformMaxLength}の間です。", $"maxLength must be between 1 and {PlatformMaxLength}.");
        }
        if (field.MinLength > field.MaxLength)
        {
            add($"{path}.minLength", "最小文字数が最大文字数より大きくなっています。", "minLength is greater than maxLength.");
        }
        if (field.Pattern is { } pattern && !IsUsablePattern(pattern))
        {
            add($"{path}.pattern", "正規表現として読めないか、長すぎます(200文字まで)。", "The pattern is not a valid regular expression, or longer than 200 characters.");
        }
        if (field.Kana is { } kana && !Enum.IsDefined(kana))
        {
            add($"{path}.kana", "文字種の指定が不明です。", "Unknown kana rule.");
        }
        if (field.Min > field.Max)
        {
            add($"{path}.min", "最小値が最大値より大きくなっています。", "min is greater than max.");
        }
        DateChecks(field, path, add);
        OptionChecks(field, path, add);
        FileChecks(field, path, add);
        if (field.ShowWhen is { } condition)
        {
            ConditionChecks(field, condition, $"{path}.showWhen", earlier, add);
        }
    }

    private static void DateChecks(FormField field, string path, Action<string, string, string> add)
    {
        foreach (var (bound, name) in new[] { (field.MinDate, "minDate"), (field.MaxDate, "maxDate") })
        {
            if (bound is not null && !DateBound.IsValid(bound))
            {
                add($"{path}.{name}", $"{name} は yyyy-MM-dd、today、today+日数、today-日数 のいずれかで指定してください。",
                    $"{name} must be yyyy-MM-dd, today, today+N or today-N.");
            }
        }
        if (field is { MinDate: { } min, MaxDate: { } max } && IsoDate.TryParse(min, out var from) && IsoDate.TryParse(max, out var to) && from > to)
        {
            add($"{path}.minDate", "開始日が終了日より後になっています。", "minDate is after maxDate.");
        }
    }

    private static void OptionChecks(FormField field, string path, Action<string, string, string> add)
    {
        if (field.Type is not (FieldType.Choice or FieldType.MultiChoice))
        {
            return;
        }
        if (field.Options is not { Count: >= 2 } options)
        {
            add($"{path}.options", "選択肢が2つ以上必要です。", "A choice field needs at least two options.");
            return;
        }
        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var o = 0; o < options.Count; o++)
        {
            var option = options[o];
            if (string.IsNullOrWhiteSpace(option.Value) || option.Value.Length > MaxKeyLength)
            {
                add($"{path}.options[{o}].value", $"選択肢の値は1から{MaxKeyLength}文字で指定してください。", $"An option value must be 1 to {MaxKeyLength} characters.");
            }
            else if (!values.Add(option.Value))
            {
                add($"{path}.options[{o}].value", $"選択肢の値「{option.Value}」が重複しています。", $"The option value '{option.Value}' is used twice.");
            }
            CheckText(option.Label, $"{path}.options[{o}].label", "選択肢の表示名", "option label", required: true, add);
        }
        if (field.MaxSelections is { } most && (most < 1 || most > options.Count))
        {
            add($"{path}.maxSelections", "選択できる数は1から選択肢の数までです。", "maxSelections must be between 1 and the number of options.");
        }
    }

    private static void FileChecks(FormField field, string path, Action<string, string, string> add)
    {
        if (field.MaxFileBytes is < 1 or > FileLimits.PlatformMaxBytes)
        {
            add($"{path}.maxFileBytes", $"ファイルの最大サイズは1から{FileLimits.PlatformMaxBytes}バイトです。",
                $"maxFileBytes must be between 1 and {FileLimits.PlatformMaxBytes}.");
        }
        if (field.MaxFiles is < 1 or > FileLimits.PlatformMaxFiles)
        {
            add($"{path}.maxFiles", $"ファイル数は1から{FileLimits.PlatformMaxFiles}です。", $"maxFiles must be between 1 and {FileLimits.PlatformMaxFiles}.");
        }
        if (field.AllowedContentTypes is { } types)
        {
            if (types.Count == 0)
            {
                add($"{path}.allowedContentTypes", "受け付けるファイル形式を指定してください。", "List at least one allowed content type.");
            }
            for (var t = 0; t < types.Count; t++)
            {
                if (!ContentType().IsMatch(types[t] ?? ""))
                {
                    add($"{path}.allowedContentTypes[{t}]", $"「{types[t]}」はファイル形式(例: image/jpeg)ではありません。", $"'{types[t]}' is not a content type (e.g. image/jpeg).");
                }
            }
        }
    }

    private static void ConditionChecks(FormField field, ShowWhen condition, string path, Dictionary<string, FormField> earlier, Action<string, string, string> add)
    {
        if (condition.Field == field.Key)
        {
            add($"{path}.field", "項目の表示条件に自分自身は使えません。", "A field cannot be shown depending on itself.");
            return;
        }
        if (!earlier.TryGetValue(condition.Field ?? "", out var controlling))
        {
            add($"{path}.field", $"表示条件の項目「{condition.Field}」は、この項目より前にありません。",
                $"The condition's field '{condition.Field}' does not come before this field.");
            return;
        }
        if (controlling.Type is not (FieldType.Choice or FieldType.MultiChoice or FieldType.Checkbox))
        {
            add($"{path}.field", $"表示条件には選択肢かチェックボックスの項目を使ってください(「{controlling.Key}」は使えません)。",
                $"A condition must be on a choice or checkbox field ('{controlling.Key}' is neither).");
            return;
        }
        if (condition.AnyOf is not { Count: > 0 })
        {
            add($"{path}.anyOf", "表示条件の値を1つ以上指定してください。", "A condition needs at least one value.");
            return;
        }
        var possible = controlling.Type == FieldType.Checkbox
            ? ["true", "false"]
            : (controlling.Options ?? []).Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        for (var v = 0; v < condition.AnyOf.Count; v++)
        {
            if (!possible.Contains(condition.AnyOf[v]))
            {
                add($"{path}.anyOf[{v}]", $"「{condition.AnyOf[v]}」は項目「{controlling.Key}」の選択肢にありません。",
                    $"'{condition.AnyOf[v]}' is not a value of the field '{controlling.Key}'.");
            }
        }
    }

    private static void CheckText(LocalizedText? text, string path, string nameJa, string nameEn, bool required, Action<string, string, string> add)
    {
        if (text is null)
        {
            if (required)
            {
                add(path, $"{nameJa}を入力してください。", $"The {nameEn} is missing.");
            }
            return;
        }
        if (string.IsNullOrWhiteSpace(text.Ja))
        {
            add($"{path}.ja", $"{nameJa}(日本語)を入力してください。", $"The {nameEn} needs Japanese text.");
        }
    }

    /// <summary>
    /// The platform never keeps a マイナンバー: a field whose key or label asks for one (個人番号,
    /// マイナンバー but not マイナンバーカード) is refused.
    /// </summary>
    private static bool AsksForMyNumber(FormField field) =>
        MyNumberKey().IsMatch(field.Key ?? "")
        || (field.Label?.Ja ?? "").Contains("個人番号", StringComparison.Ordinal)
        || MyNumberLabel().IsMatch(field.Label?.Ja ?? "");

    private static bool IsUsablePattern(string pattern)
    {
        if (pattern.Length is 0 or > 200)
        {
            return false;
        }
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static string Describe(IEnumerable<DefinitionProblem> problems) =>
        string.Join(Environment.NewLine, problems.Select(p => p.ToString()));

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex FormKey();

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    internal static partial Regex FieldKey();

    [GeneratedRegex("^[a-z]+/[a-z0-9][a-z0-9.+-]*$")]
    private static partial Regex ContentType();

    [GeneratedRegex("mynumber|individualnumber|kojinbango", RegexOptions.IgnoreCase)]
    private static partial Regex MyNumberKey();

    [GeneratedRegex("マイナンバー(?!カード)")]
    private static partial Regex MyNumberLabel();
}
