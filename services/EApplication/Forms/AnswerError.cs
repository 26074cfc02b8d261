using System.Globalization;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// One thing wrong with a submission: the field at fault (its key; empty for the submission as a
/// whole), a stable code for programs, and what to tell the resident in Japanese and English.
/// </summary>
public sealed record AnswerError(string Field, string Code, string MessageJa, string MessageEn)
{
    public override string ToString() => $"{Field}: {Code} ({MessageEn})";
}

/// <summary>The codes of <see cref="AnswerError"/>, with their messages; a field's label names it in each.</summary>
public static class AnswerErrors
{
    public const string Required = "required";
    public const string MustBeChecked = "mustBeChecked";
    public const string WrongType = "wrongType";
    public const string TooShort = "tooShort";
    public const string TooLong = "tooLong";
    public const string Pattern = "pattern";
    public const string Kana = "kana";
    public const string InvalidCharacters = "invalidCharacters";
    public const string InvalidPostalCode = "invalidPostalCode";
    public const string InvalidPhone = "invalidPhone";
    public const string InvalidEmail = "invalidEmail";
    public const string InvalidDate = "invalidDate";
    public const string DateTooEarly = "dateTooEarly";
    public const string DateTooLate = "dateTooLate";
    public const string TooSmall = "tooSmall";
    public const string TooBig = "tooBig";
    public const string NotAnOption = "notAnOption";
    public const string TooManySelections = "tooManySelections";
    public const string Duplicate = "duplicate";
    public const string TooManyFiles = "tooManyFiles";
    public const string InvalidAttachment = "invalidAttachment";
    public const string UnknownField = "unknownField";
    public const string NotJson = "notJson";
    public const string NotObject = "notObject";
    public const string TooLarge = "tooLarge";
    public const string TooManyErrors = "tooManyErrors";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static AnswerError For(FormField field, string code, object? limit = null)
    {
        var ja = $"「{field.Label.Ja}」";
        var en = field.Label.En ?? field.Label.Ja;
        var n = limit is IFormattable f ? f.ToString(null, Invariant) : limit?.ToString();
        var (messageJa, messageEn) = code switch
        {
            Required => field.Type switch
            {
                FieldType.Choice or FieldType.MultiChoice => ($"{ja}を選んでください。", $"Please choose {en}."),
                FieldType.File => ($"{ja}のファイルを添付してください。", $"Please attach {en}."),
                _ => ($"{ja}を入力してください。", $"Please fill in {en}."),
            },
            MustBeChecked => ($"{ja}にチェックを入れてください。", $"Please tick \"{en}\"."),
            WrongType => WrongTypeMessage(field, ja, en),
            TooShort => ($"{ja}は{n}文字以上で入力してください。", $"{en} must be at least {n} characters."),
            TooLong => ($"{ja}は{n}文字以内で入力してください。", $"{en} must be at most {n} characters."),
            Pattern => field.PatternHint is { } hint
                ? ($"{ja}: {hint.Ja}", $"{en}: {hint.En ?? hint.Ja}")
                : ($"{ja}の形式が正しくありません。", $"{en} is not in the expected format."),
            Kana => KanaMessage(field.Kana, ja, en),
            InvalidCharacters => ($"{ja}に使えない文字(制御文字など)が含まれています。", $"{en} contains characters that cannot be used (control characters)."),
            InvalidPostalCode => ($"{ja}は半角数字7桁で入力してください(例: 990-8570)。", $"{en} must be 7 half-width digits, e.g. 990-8570."),
            InvalidPhone => ($"{ja}は市外局番から半角数字で入力してください(例: 023-630-2211、090-1234-5678)。",
                $"{en} must be a Japanese phone number with its area code, e.g. 023-630-2211 or 090-1234-5678."),
            InvalidEmail => ($"{ja}はメールアドレスの形式で入力してください。", $"{en} must be an email address."),
            InvalidDate => ($"{ja}は日付(例: 2025-04-01)で入力してください。", $"{en} must be a date such as 2025-04-01."),
            DateTooEarly => ($"{ja}は{n}以降の日付にしてください。", $"{en} must be on or after {n}."),
            DateTooLate => ($"{ja}は{n}以前の日付にしてください。", $"{en} must be on or before {n}."),
            TooSmall => n is null ? ($"{ja}の値が小さすぎます。", $"{en} is too small.") : ($"{ja}は{n}以上にしてください。", $"{en} must be at least {n}."),
            TooBig => n is null ? ($"{ja}の値が大きすぎます。", $"{en} is too large.") : ($"{ja}は{n}以下にしてください。", $"{en} must be at most {n}."),
            NotAnOption => ($"{ja}は選択肢から選んでください。", $"Choose {en} from the options."),
            TooManySelections => ($"{ja}は{n}個まで選べます。", $"Choose at most {n} for {en}."),
            Duplicate => ($"{ja}に同じものが重複しています。", $"{en} lists the same item twice."),
            TooManyFiles => ($"{ja}に添付できるファイルは{n}個までです。", $"At most {n} files can be attached for {en}."),
            InvalidAttachment => ($"{ja}の添付ファイルの指定が正しくありません。", $"{en} does not refer to an uploaded attachment."),
            _ => ($"{ja}の内容が正しくありません。", $"{en} is not valid."),
        };
        return new(field.Key, code, messageJa, messageEn);
    }

    public static AnswerError UnknownFieldNamed(string key)
    {
        var shown = key.Length > 64 ? key[..64] + "…" : key;
        return new(shown, UnknownField, $"この様式にない項目「{shown}」が送られました。", $"The form has no field '{shown}'.");
    }

    public static readonly AnswerError NotJsonError = new("", NotJson, "回答をJSONとして読めません。", "The answers are not valid JSON.");

    public static readonly AnswerError NotObjectError = new("", NotObject,
        "回答は項目キーごとのJSONオブジェクトで送ってください。", "The answers must be a JSON object keyed by field key.");

    public static readonly AnswerError TooLargeError = new("", TooLarge, "回答のデータが大きすぎます。", "The answers are too large.");

    public static readonly AnswerError TooManyErrorsError = new("", TooManyErrors,
        "誤りが多すぎるため、最初のものだけを示しています。", "There are too many errors; only the first are listed.");

    private static (string, string) WrongTypeMessage(FormField field, string ja, string en) => field.Type switch
    {
        FieldType.Number when field.WholeNumber => ($"{ja}は整数で入力してください。", $"{en} must be a whole number."),
        FieldType.Number => ($"{ja}は数値で入力してください。", $"{en} must be a number."),
        FieldType.Date => ($"{ja}は日付(例: 2025-04-01)で入力してください。", $"{en} must be a date such as 2025-04-01."),
        FieldType.Choice or FieldType.MultiChoice => ($"{ja}は選択肢から選んでください。", $"Choose {en} from the options."),
        FieldType.Checkbox => ($"{ja}はチェックの有無(true/false)で答えてください。", $"{en} must be ticked or not (true or false)."),
        FieldType.File => ($"{ja}は添付ファイルの番号の一覧で送ってください。", $"{en} must be a list of attachment ids."),
        _ => ($"{ja}は文字で入力してください。", $"{en} must be text."),
    };

    private static (string, string) KanaMessage(KanaRule? rule, string ja, string en) => rule switch
    {
        KanaRule.ZenkakuKatakana => ($"{ja}は全角カタカナで入力してください。", $"{en} must be written in full-width katakana."),
        KanaRule.Hiragana => ($"{ja}はひらがなで入力してください。", $"{en} must be written in hiragana."),
        KanaRule.HankakuKatakana => ($"{ja}は半角カタカナで入力してください。", $"{en} must be written in half-width katakana."),
        KanaRule.Hankaku => ($"{ja}は半角文字で入力してください。", $"{en} must use half-width characters only."),
        _ => ($"{ja}は全角文字で入力してください。", $"{en} must use full-width characters only."),
    };
}
