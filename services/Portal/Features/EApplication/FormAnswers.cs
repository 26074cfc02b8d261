using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using SharedServices.EApplication.Forms;

namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// A form's answers as the pages handle them: read from a posted HTML form (one input per field,
/// named <c>answers.{key}</c>), shown back in inputs, and shown as text on the summaries. The rules
/// themselves (required, kana, dates…) are the service's: it checks them on submission.
/// </summary>
public sealed class FormAnswers(FormDefinition definition, JsonObject answers)
{
    public const string Prefix = "answers.";

    public FormDefinition Definition { get; } = definition;

    public JsonObject Values { get; } = answers;

    public static FormAnswers Empty(FormDefinition definition) => new(definition, []);

    public static FormAnswers Of(FormDefinition definition, JsonElement answers) =>
        new(definition, answers.ValueKind == JsonValueKind.Object ? JsonNode.Parse(answers.GetRawText())!.AsObject() : []);

    /// <summary>The answers in a posted form; blanks are left out (unanswered), as the service counts them.</summary>
    public static FormAnswers Read(FormDefinition definition, IFormCollection form)
    {
        var answers = new JsonObject();
        foreach (var field in definition.Fields)
        {
            var posted = form[Prefix + field.Key];
            JsonNode? value = field.Type switch
            {
                FieldType.MultiChoice or FieldType.File => Strings(posted) is { Count: > 0 } picks ? new JsonArray([.. picks.Select(p => (JsonNode?)p)]) : null,
                FieldType.Checkbox => posted.Contains("true") ? JsonValue.Create(true) : null,
                FieldType.Number => Number(posted.ToString()),
                FieldType.MultilineText => posted.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? JsonValue.Create(text.Replace("\r\n", "\n", StringComparison.Ordinal)) : null,
                _ => posted.ToString().Trim() is { Length: > 0 } text ? JsonValue.Create(text) : null,
            };
            if (value is not null)
            {
                answers[field.Key] = value;
            }
        }
        return new(definition, answers);
    }

    private static List<string> Strings(StringValues posted) => [.. posted.OfType<string>().Select(v => v.Trim()).Where(v => v.Length > 0).Distinct()];

    // 全角 digits are fine to type (NFKC); anything else is kept as typed, for the service to refuse.
    private static JsonValue? Number(string posted)
    {
        var text = posted.Normalize(NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal).Trim();
        return text.Length == 0 ? null
            : decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(posted.Trim());
    }

    /// <summary>Adds an uploaded attachment's id to a file field's list.</summary>
    public void AddAttachment(string fieldKey, string attachmentId)
    {
        if (Values[fieldKey] is not JsonArray ids)
        {
            Values[fieldKey] = ids = [];
        }
        ids.Add(attachmentId);
    }

    /// <summary>Drops an attachment's id from whichever file field names it; true when one did.</summary>
    public bool RemoveAttachment(string attachmentId)
    {
        var removed = false;
        foreach (var field in Definition.Fields.Where(f => f.Type == FieldType.File))
        {
            if (Values[field.Key] is JsonArray ids)
            {
                foreach (var item in ids.Where(i => i is JsonValue v && v.TryGetValue<string>(out var s) && s == attachmentId).ToList())
                {
                    removed |= ids.Remove(item);
                }
                if (ids.Count == 0)
                {
                    Values.Remove(field.Key);
                }
            }
        }
        return removed;
    }

    /// <summary>The application's files, to show the ids of file fields by name (null: not looked up).</summary>
    public AttachedFiles? Files { get; set; }

    /// <summary>The file an id of a file field names, when known.</summary>
    public ListedAttachment? FileOf(string attachmentId) => Files?.ById.GetValueOrDefault(attachmentId);

    /// <summary>The file's name, or 「ファイル n」 when it is not known.</summary>
    public string FileName(string attachmentId, int index, string language) =>
        FileOf(attachmentId)?.FileName ?? string.Format(CultureInfo.InvariantCulture, language == "en" ? "File {0}" : "ファイル {0}", index + 1);

    /// <summary>A file's size as people read it: 12 KB, 1.5 MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Format(CultureInfo.InvariantCulture, "{0} B", bytes),
        < 1024 * 1024 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} KB", bytes / 1024.0),
        _ => string.Format(CultureInfo.InvariantCulture, "{0:0.#} MB", bytes / (1024.0 * 1024)),
    };

    /// <summary>The answer as an input shows it ("" when unanswered).</summary>
    public string Text(string key) => Values[key] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => "",
    };

    /// <summary>The picks of a multiChoice, the ids of a file field.</summary>
    public IReadOnlyList<string> List(string key) =>
        Values[key] is JsonArray items ? [.. items.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : i?.ToJsonString() ?? "")] : [];

    public bool IsTicked(string key) => Values[key] is JsonValue v && v.TryGetValue<bool>(out var ticked) && ticked;

    /// <summary>
    /// Shown under its <see cref="ShowWhen"/> condition with these answers (and its controlling field
    /// shown too), as the service decides which answers count.
    /// </summary>
    public bool IsShown(FormField field) => IsShown(field, 0);

    private bool IsShown(FormField field, int depth)
    {
        if (field.ShowWhen is not { } when || depth > 10 || Definition.FindField(when.Field) is not { } controller)
        {
            return true;
        }
        if (!IsShown(controller, depth + 1))
        {
            return false;
        }
        return controller.Type switch
        {
            FieldType.Checkbox => when.AnyOf.Contains(IsTicked(controller.Key) ? "true" : "false"),
            FieldType.MultiChoice => List(controller.Key).Any(when.AnyOf.Contains),
            _ => when.AnyOf.Contains(Text(controller.Key)),
        };
    }

    /// <summary>The answer as text on a summary, in the page's language ("" when unanswered).</summary>
    public string Display(FormField field, string language)
    {
        var en = language == "en";
        switch (field.Type)
        {
            case FieldType.Choice:
                return OptionLabel(field, Text(field.Key), language);
            case FieldType.MultiChoice:
                return string.Join(en ? ", " : "、", List(field.Key).Select(v => OptionLabel(field, v, language)));
            case FieldType.Checkbox:
                return IsTicked(field.Key) ? (en ? "Yes" : "はい") : "";
            case FieldType.File:
                var files = List(field.Key);
                return Files is null
                    ? files.Count == 0 ? "" : string.Format(CultureInfo.InvariantCulture, en ? "{0} file(s) attached" : "{0} 件のファイルを添付", files.Count)
                    : string.Join(en ? ", " : "、", files.Select((f, i) => FileName(f, i, language)));
            case FieldType.Date:
                var date = Text(field.Key);
                return field.ShowWareki && WarekiOf(date, language) is { } wareki ? $"{date}（{wareki}）" : date;
            case FieldType.Number:
                var number = Text(field.Key);
                return number.Length > 0 && field.Unit is { } unit ? $"{number} {unit.In(language)}" : number;
            default:
                return Text(field.Key);
        }
    }

    /// <summary>和暦 of an ISO date: 令和7年4月1日 (English: Reiwa 7 (2025)); null when not a date.</summary>
    public static string? WarekiOf(string isoDate, string language) =>
        !IsoDate.TryParse(isoDate, out var date) ? null
            : language == "en" ? Wareki.FormatYearInEnglish(date) : Wareki.Format(date);

    private static string OptionLabel(FormField field, string value, string language) =>
        field.Options?.FirstOrDefault(o => o.Value == value)?.Label.In(language) ?? value;

    /// <summary>When a conditional field applies: 「届出の種類が「使用開始(開栓)」の場合」.</summary>
    public string? Condition(FormField field, string language)
    {
        if (field.ShowWhen is not { } when || Definition.FindField(when.Field) is not { } controller)
        {
            return null;
        }
        var en = language == "en";
        var values = when.AnyOf.Select(v => controller.Type == FieldType.Checkbox
            ? (v == "true" ? (en ? "ticked" : "チェックあり") : (en ? "not ticked" : "チェックなし"))
            : OptionLabel(controller, v, language)).ToList();
        return en
            ? $"Only if “{controller.Label.In(language)}” is {string.Join(" or ", values.Select(v => $"“{v}”"))}"
            : $"「{controller.Label.In(language)}」が{string.Join("または", values.Select(v => $"「{v}」"))}の場合";
    }
}
