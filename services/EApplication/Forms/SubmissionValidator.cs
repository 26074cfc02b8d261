using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// The outcome of checking a submission: its errors, at most one per field, in form order; and when
/// there are none, the answers to store: only the fields shown, without empty answers.
/// </summary>
public sealed record SubmissionCheck(IReadOnlyList<AnswerError> Errors, JsonObject? Answers)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks a resident's answers against one published form version: the generated JSON Schema
/// (<see cref="SubmissionSchema"/>) and the rules it cannot express. Any input gives an answer,
/// never an exception: wrong types, unknown fields, huge strings and nested junk are errors.
/// <list type="number">
/// <item>Answers are a JSON object keyed by field key; null, "" (or blanks only) and [] mean "not answered".</item>
/// <item>A field whose <c>showWhen</c> is not met (or whose controlling field is itself hidden) is
/// hidden: its answer is dropped unchecked and it is not required.</item>
/// <item>Strings are bounded and cleared of control characters, and patterns run with a timeout,
/// before the schema sees them.</item>
/// <item>After the schema: 全角カタカナ and other kana rules, phone number plans, ISO dates within
/// their (possibly relative) limits, required fields that are shown only under a condition.</item>
/// </list>
/// Build one per published version and reuse it: it holds the compiled schema and patterns.
/// </summary>
public sealed class SubmissionValidator
{
    /// <summary>Longest answers JSON accepted, in characters (files travel separately).</summary>
    public const int MaxAnswersLength = 1_000_000;

    /// <summary>Deepest nesting accepted: answers are flat; lists of strings are two levels.</summary>
    public const int MaxDepth = 16;

    public const int MaxErrors = 50;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, FormField> _fields;
    private readonly Dictionary<string, int> _order;
    private readonly Dictionary<string, Regex> _patterns;

    public SubmissionValidator(FormDefinition definition)
    {
        var problems = DefinitionChecks.Check(definition);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Only a checked definition can take submissions:{Environment.NewLine}{DefinitionChecks.Describe(problems)}", nameof(definition));
        }
        Definition = definition;
        Schema = SubmissionSchema.For(definition);
        var fields = definition.Fields.ToList();
        _fields = fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        _order = fields.Select((f, i) => (f.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        _patterns = fields.Where(f => f.Pattern is not null)
            .ToDictionary(f => f.Key, f => new Regex(f.Pattern!, RegexOptions.None, PatternTimeout), StringComparer.Ordinal);
    }

    public FormDefinition Definition { get; }

    public JsonSchema Schema { get; }

    public SubmissionCheck Validate(JsonElement answers, DateOnly today) =>
        answers.ValueKind == JsonValueKind.Undefined ? Failed(AnswerErrors.NotJsonError) : Validate(answers.GetRawText(), today);

    /// <param name="answersJson">The answers as sent.</param>
    /// <param name="today">The day of submission in Japan (日本時間), for limits such as "today".</param>
    public SubmissionCheck Validate(string? answersJson, DateOnly today)
    {
        if (answersJson is null || answersJson.Length > MaxAnswersLength)
        {
            return Failed(AnswerErrors.TooLargeError);
        }
        if (!TryParse(answersJson, out var root))
        {
            return Failed(AnswerErrors.NotJsonError);
        }
        if (root is not JObject submitted)
        {
            return Failed(AnswerErrors.NotObjectError);
        }

        var errors = new Dictionary<string, AnswerError>(StringComparer.Ordinal);
        var formErrors = new List<AnswerError>();
        var answers = new Dictionary<string, JToken>(StringComparer.Ordinal);
        foreach (var property in submitted.Properties())
        {
            if (!_fields.ContainsKey(property.Name))
            {
                formErrors.Add(AnswerErrors.UnknownFieldNamed(property.Name));
            }
            else if (!IsUnanswered(property.Value))
            {
                answers[property.Name] = property.Value;
            }
        }

        var shown = Shown(answers);
        foreach (var key in answers.Keys.Where(k => !shown.Contains(k)).ToList())
        {
            answers.Remove(key); // hidden by its condition: ignored, whatever it holds
        }

        foreach (var (key, value) in answers.ToList())
        {
            if (Screen(_fields[key], value) is { } error)
            {
                errors.TryAdd(key, error);
                answers.Remove(key);
            }
        }

        var checkedAnswers = new JObject(answers.Select(a => new JProperty(a.Key, a.Value)));
        foreach (var error in new JsonSchemaValidator().Validate(checkedAnswers, Schema))
        {
            if (FieldOf(error) is { } field)
            {
                errors.TryAdd(field.Key, FromSchema(field, error));
            }
        }

        foreach (var field in Definition.Fields.Where(f => shown.Contains(f.Key) && !errors.ContainsKey(f.Key)))
        {
            var error = answers.TryGetValue(field.Key, out var value)
                ? Beyond(field, value, today)
                : field is { Required: true, ShowWhen: not null } ? AnswerErrors.For(field, field.Type == FieldType.Checkbox ? AnswerErrors.MustBeChecked : AnswerErrors.Required) : null;
            if (error is not null)
            {
                errors.TryAdd(field.Key, error);
            }
        }

        var all = formErrors.Concat(errors.OrderBy(e => _order[e.Key]).Select(e => e.Value)).ToList();
        if (all.Count > MaxErrors)
        {
            all = [.. all.Take(MaxErrors), AnswerErrors.TooManyErrorsError];
        }
        return all.Count > 0
            ? new SubmissionCheck(all, null)
            : new SubmissionCheck([], JsonNode.Parse(checkedAnswers.ToString(Newtonsoft.Json.Formatting.None))!.AsObject());
    }

    /// <summary>
    /// Strict RFC 8259 JSON first (no comments, no trailing text, bounded depth), as System.Text.Json
    /// reads it; then the same text as the schema validator's tokens, dates left as strings.
    /// </summary>
    private static bool TryParse(string json, out JToken? root)
    {
        root = null;
        try
        {
            using (JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth }))
            {
            }
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json))
            {
                DateParseHandling = Newtonsoft.Json.DateParseHandling.None,
                MaxDepth = MaxDepth,
            };
            root = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                LineInfoHandling = LineInfoHandling.Ignore,
            });
            return true;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsUnanswered(JToken value) => value.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => true,
        JTokenType.String => string.IsNullOrWhiteSpace(value.Value<string>()),
        JTokenType.Array => !value.HasValues,
        _ => false,
    };

    /// <summary>The fields shown, in form order: no condition, or an earlier shown field holding one of its values.</summary>
    private HashSet<string> Shown(Dictionary<string, JToken> answers)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Definition.Fields)
        {
            if (field.ShowWhen is not { } condition
                || (shown.Contains(condition.Field) && Holds(_fields[condition.Field], answers.GetValueOrDefault(condition.Field), condition.AnyOf)))
            {
                shown.Add(field.Key);
            }
        }
        return shown;
    }

    private static bool Holds(FormField controlling, JToken? answer, IReadOnlyList<string> anyOf) => controlling.Type switch
    {
        // an unticked box is usually not sent at all
        FieldType.Checkbox => anyOf.Contains(answer is { Type: JTokenType.Boolean } b && b.Value<bool>() ? "true" : "false"),
        FieldType.MultiChoice => answer is JArray picks && picks.Any(p => p.Type == JTokenType.String && anyOf.Contains(p.Value<string>()!)),
        _ => answer is { Type: JTokenType.String } s && anyOf.Contains(s.Value<string>()!),
    };

    /// <summary>What must not reach the schema validator: overlong strings, control characters, slow patterns, numbers beyond decimal.</summary>
    private AnswerError? Screen(FormField field, JToken value)
    {
        // The schema validator reads every number (even in a list of strings) as a decimal.
        if (Numbers(value).FirstOrDefault(n => !FitsDecimal(n)) is { } huge)
        {
            return field.Type == FieldType.Number && value is JValue
                ? AnswerErrors.For(field, IsNegative(huge) ? AnswerErrors.TooSmall : AnswerErrors.TooBig, IsNegative(huge) ? field.Min : field.Max)
                : AnswerErrors.For(field, AnswerErrors.WrongType);
        }
        switch (value)
        {
            case JValue { Type: JTokenType.String } text:
                return ScreenText(field, text.Value<string>()!);
            case JArray list when field.Type is FieldType.MultiChoice or FieldType.File:
                var most = field.Type == FieldType.File ? FileLimits.Of(field).MaxFiles : field.MaxSelections ?? field.Options!.Count;
                if (list.Count > most)
                {
                    return AnswerErrors.For(field, field.Type == FieldType.File ? AnswerErrors.TooManyFiles : AnswerErrors.TooManySelections, most);
                }
                return list.Any(item => item is JValue { Type: JTokenType.String } s && s.Value<string>()!.Length > 64)
                    ? AnswerErrors.For(field, field.Type == FieldType.File ? AnswerErrors.InvalidAttachment : AnswerErrors.NotAnOption)
                    : null;
            default:
                return null; // wrong types are the schema's to report
        }
    }

    private AnswerError? ScreenText(FormField field, string text)
    {
        var textual = field.Type is FieldType.Text or FieldType.MultilineText or FieldType.Address or FieldType.Email or FieldType.Phone or FieldType.PostalCode;
        var longest = textual ? SubmissionSchema.MaxLengthOf(field) : 64;
        if (text.Length > longest)
        {
            return field.Type switch
            {
                FieldType.PostalCode => AnswerErrors.For(field, AnswerErrors.InvalidPostalCode),
                FieldType.Phone => AnswerErrors.For(field, AnswerErrors.InvalidPhone),
                FieldType.Email => AnswerErrors.For(field, AnswerErrors.InvalidEmail),
                _ when textual => AnswerErrors.For(field, AnswerErrors.TooLong, longest),
                _ => AnswerErrors.For(field, AnswerErrors.WrongType),
            };
        }
        if (JapaneseText.HasForbiddenCharacters(text, multiline: field.Type == FieldType.MultilineText))
        {
            return AnswerErrors.For(field, AnswerErrors.InvalidCharacters);
        }
        if (_patterns.TryGetValue(field.Key, out var pattern))
        {
            try
            {
                if (!pattern.IsMatch(text))
                {
                    return AnswerErrors.For(field, AnswerErrors.Pattern);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return AnswerErrors.For(field, AnswerErrors.Pattern);
            }
        }
        return null;
    }

    private static IEnumerable<JValue> Numbers(JToken value) => value switch
    {
        JValue { Type: JTokenType.Integer or JTokenType.Float } number => [number],
        JContainer container => container.Descendants().OfType<JValue>().Where(v => v.Type is JTokenType.Integer or JTokenType.Float),
        _ => [],
    };

    private static bool FitsDecimal(JValue number) => number.Value switch
    {
        BigInteger big => big >= (BigInteger)decimal.MinValue && big <= (BigInteger)decimal.MaxValue,
        double d => double.IsFinite(d) && Math.Abs(d) < 7.9e28,
        _ => true,
    };

    private static bool IsNegative(JValue number) => number.Value switch
    {
        BigInteger big => big.Sign < 0,
        double d => d < 0,
        _ => false,
    };

    private FormField? FieldOf(ValidationError error)
    {
        // Paths are "#/key", "#/key[0]" for list items; a required answer's error names the key as its property.
        var path = error.Path ?? "";
        var start = path.StartsWith("#/", StringComparison.Ordinal) ? 2 : 0;
        var end = path.IndexOfAny(['[', '.'], start);
        var key = end < 0 ? path[start..] : path[start..end];
        return _fields.GetValueOrDefault(key) ?? _fields.GetValueOrDefault(error.Property ?? "");
    }

    private static AnswerError FromSchema(FormField field, ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => AnswerErrors.For(field, field.Type == FieldType.Checkbox ? AnswerErrors.MustBeChecked : AnswerErrors.Required),
        ValidationErrorKind.NotInEnumeration => AnswerErrors.For(field, field.Type == FieldType.Checkbox ? AnswerErrors.MustBeChecked : AnswerErrors.NotAnOption),
        ValidationErrorKind.StringTooShort => AnswerErrors.For(field, AnswerErrors.TooShort, field.MinLength),
        ValidationErrorKind.StringTooLong => AnswerErrors.For(field, AnswerErrors.TooLong, SubmissionSchema.MaxLengthOf(field)),
        ValidationErrorKind.PatternMismatch => AnswerErrors.For(field, field.Type switch
        {
            FieldType.PostalCode => AnswerErrors.InvalidPostalCode,
            FieldType.Phone => AnswerErrors.InvalidPhone,
            FieldType.Email => AnswerErrors.InvalidEmail,
            _ => AnswerErrors.Pattern,
        }),
        ValidationErrorKind.NumberTooSmall => AnswerErrors.For(field, AnswerErrors.TooSmall, field.Min),
        ValidationErrorKind.NumberTooBig => AnswerErrors.For(field, AnswerErrors.TooBig, field.Max),
        ValidationErrorKind.DateExpected => AnswerErrors.For(field, AnswerErrors.InvalidDate),
        ValidationErrorKind.EmailExpected => AnswerErrors.For(field, AnswerErrors.InvalidEmail),
        ValidationErrorKind.TooManyItems => field.Type == FieldType.File
            ? AnswerErrors.For(field, AnswerErrors.TooManyFiles, FileLimits.Of(field).MaxFiles)
            : AnswerErrors.For(field, AnswerErrors.TooManySelections, field.MaxSelections),
        ValidationErrorKind.ItemsNotUnique => AnswerErrors.For(field, AnswerErrors.Duplicate),
        ValidationErrorKind.ArrayItemNotValid => AnswerErrors.For(field, field.Type == FieldType.File ? AnswerErrors.InvalidAttachment : AnswerErrors.NotAnOption),
        _ => AnswerErrors.For(field, AnswerErrors.WrongType),
    };

    /// <summary>The rules a JSON Schema cannot say, on answers already of the right type.</summary>
    private static AnswerError? Beyond(FormField field, JToken value, DateOnly today)
    {
        var text = value.Type == JTokenType.String ? value.Value<string>()! : null;
        switch (field.Type)
        {
            case FieldType.Text or FieldType.MultilineText or FieldType.Address when field.Kana is { } kana:
                return JapaneseText.Follows(text!, kana) ? null : AnswerErrors.For(field, AnswerErrors.Kana);
            case FieldType.Phone:
                return JapaneseText.IsPhoneNumber(text!) ? null : AnswerErrors.For(field, AnswerErrors.InvalidPhone);
            case FieldType.PostalCode:
                return JapaneseText.IsPostalCode(text!) ? null : AnswerErrors.For(field, AnswerErrors.InvalidPostalCode);
            case FieldType.Date:
                if (!IsoDate.TryParse(text!, out var date))
                {
                    return AnswerErrors.For(field, AnswerErrors.InvalidDate);
                }
                if (field.MinDate is { } min && DateBound.TryResolve(min, today, out var earliest) && date < earliest)
                {
                    return AnswerErrors.For(field, AnswerErrors.DateTooEarly, IsoDate.Format(earliest));
                }
                if (field.MaxDate is { } max && DateBound.TryResolve(max, today, out var latest) && date > latest)
                {
                    return AnswerErrors.For(field, AnswerErrors.DateTooLate, IsoDate.Format(latest));
                }
                return null;
            case FieldType.File:
                return value.Values<string>().All(id => id is not null && AttachmentId.IsWellFormed(id))
                    ? null
                    : AnswerErrors.For(field, AnswerErrors.InvalidAttachment);
            default:
                return null;
        }
    }

    private static SubmissionCheck Failed(AnswerError error) => new([error], null);
}
