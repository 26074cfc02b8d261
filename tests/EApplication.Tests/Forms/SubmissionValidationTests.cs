using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

public sealed class SubmissionValidationTests
{
    private static AnswerError ErrorFor(FormField field, string answersJson) => SingleError(Validate(Form(field), answersJson));

    [Fact]
    public void Valid_answers_pass_and_are_returned_to_store()
    {
        var check = Validate(Form(Text("name", required: true), Field("count", FieldType.Number)), """{"name":"山形 花子","count":2}""");

        Assert.True(check.IsValid);
        Assert.Equal(["name", "count"], check.Answers!.Select(a => a.Key));
        Assert.Equal("山形 花子", check.Answers!["name"]!.GetValue<string>());
        Assert.Equal(2, check.Answers!["count"]!.GetValue<int>());
    }

    [Fact]
    public void A_missing_required_answer_names_the_field_in_both_languages()
    {
        var error = ErrorFor(Text("name", required: true) with { Label = new("氏名", "Full name") }, "{}");

        Assert.Equal(new AnswerError("name", AnswerErrors.Required, "「氏名」を入力してください。", "Please fill in Full name."), error);
    }

    [Theory]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"name":"   "}""")]
    [InlineData("""{"name":"　"}""")]
    public void Null_empty_and_blank_answers_are_not_answers(string json)
    {
        Assert.Equal(AnswerErrors.Required, ErrorFor(Text("name", required: true), json).Code);
        Assert.True(Validate(Form(Text("name")), json).IsValid);
    }

    [Fact]
    public void Unanswered_optional_fields_are_left_out_of_the_stored_answers()
    {
        var check = Validate(Form(Text("name"), Text("note")), """{"name":"a","note":""}""");
        Assert.Equal("""{"name":"a"}""", check.Answers!.ToJsonString());
    }

    [Fact]
    public void Unknown_fields_are_errors()
    {
        var error = SingleError(Validate(Form(Text("name")), """{"name":"a","admin":true}"""));
        Assert.Equal(new AnswerError("admin", AnswerErrors.UnknownField, "この様式にない項目「admin」が送られました。", "The form has no field 'admin'."), error);
    }

    [Fact]
    public void A_huge_unknown_key_is_shortened_in_the_error()
    {
        var key = new string('k', 5000);
        var error = SingleError(Validate(Form(Text("name")), $$"""{"{{key}}":1}"""));
        Assert.Equal(65, error.Field.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{'name':'a'}")]
    [InlineData("{name:\"a\"}")]
    [InlineData("{\"name\":\"a\"} trailing")]
    [InlineData("{\"name\":\"a\"} // comment")]
    [InlineData("{\"name\":\"a\",}")]
    [InlineData("{\"name\":NaN}")]
    [InlineData("{\"name\":\"a\",\"name\":\"b\"}")]
    public void Text_that_is_not_strict_JSON_is_one_error(string json)
    {
        Assert.Equal(AnswerErrors.NotJson, SingleError(Validate(Form(Text("name")), json)).Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"name\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Answers_must_be_an_object(string json)
    {
        Assert.Equal(AnswerErrors.NotObject, SingleError(Validate(Form(Text("name")), json)).Code);
    }

    [Fact]
    public void Null_or_oversized_input_is_too_large()
    {
        var validator = new SubmissionValidator(Form(Text("name")));
        Assert.Equal(AnswerErrors.TooLarge, SingleError(validator.Validate((string?)null, Today)).Code);
        Assert.Equal(AnswerErrors.TooLarge, SingleError(validator.Validate(new string(' ', SubmissionValidator.MaxAnswersLength + 1), Today)).Code);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_it_is_read()
    {
        var deep = "{\"name\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Equal(AnswerErrors.NotJson, SingleError(Validate(Form(Text("name")), deep)).Code);
    }

    [Theory]
    [InlineData("""{"name":{"a":{"b":[1,2,{"c":null}]}}}""")]
    [InlineData("""{"name":[["x"]]}""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""{"name":true}""")]
    public void Nested_junk_in_a_text_field_is_the_wrong_type(string json)
    {
        Assert.Equal(AnswerErrors.WrongType, ErrorFor(Text("name"), json).Code);
    }

    [Theory]
    [InlineData(FieldType.Number, "\"12\"")]
    [InlineData(FieldType.Number, "[1]")]
    [InlineData(FieldType.Checkbox, "\"true\"")]
    [InlineData(FieldType.Checkbox, "1")]
    [InlineData(FieldType.Date, "20250401")]
    [InlineData(FieldType.File, "\"0f8fad5b-d9cb-469f-a165-70867728950e\"")]
    [InlineData(FieldType.Email, "{}")]
    public void Answers_of_the_wrong_JSON_type_are_errors(FieldType type, string value)
    {
        Assert.Equal(AnswerErrors.WrongType, ErrorFor(Field("a", type), $$"""{"a":{{value}}}""").Code);
    }

    [Fact]
    public void A_huge_string_is_too_long_and_not_echoed()
    {
        var error = ErrorFor(Text("name") with { MaxLength = 50 }, $$"""{"name":"{{new string('あ', 900_000)}}"}""");
        Assert.Equal(AnswerErrors.TooLong, error.Code);
        Assert.Equal("「name の項目」は50文字以内で入力してください。".Replace("name の項目", "nameの項目", StringComparison.Ordinal), error.MessageJa);
    }

    [Fact]
    public void Text_has_a_platform_default_length_when_the_definition_sets_none()
    {
        Assert.Equal(AnswerErrors.TooLong, ErrorFor(Text("name"), $$"""{"name":"{{new string('x', 201)}}"}""").Code);
        Assert.True(Validate(Form(Field("note", FieldType.MultilineText)), $$"""{"note":"{{new string('x', 2000)}}"}""").IsValid);
    }

    [Fact]
    public void A_huge_string_in_a_date_field_is_the_wrong_type()
    {
        Assert.Equal(AnswerErrors.WrongType, ErrorFor(Field("d", FieldType.Date), $$"""{"d":"{{new string('1', 100_000)}}"}""").Code);
    }

    [Theory]
    [InlineData(2, null, "a", AnswerErrors.TooShort)]
    [InlineData(3, null, "ab", AnswerErrors.TooShort)]
    [InlineData(null, 3, "abcd", AnswerErrors.TooLong)]
    public void Length_limits(int? min, int? max, string value, string code)
    {
        var error = ErrorFor(Text("a") with { MinLength = min, MaxLength = max }, $$"""{"a":"{{value}}"}""");
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Control_characters_are_refused_and_line_breaks_only_in_multiline_text()
    {
        Assert.Equal(AnswerErrors.InvalidCharacters, ErrorFor(Text("a"), """{"a":"ab\u0000c"}""").Code);
        Assert.Equal(AnswerErrors.InvalidCharacters, ErrorFor(Text("a"), """{"a":"line\nbreak"}""").Code);
        // A lone surrogate half is read as U+FFFD, so no broken UTF-16 is ever stored.
        Assert.Equal("broken \uFFFD half", Validate(Form(Text("a")), """{"a":"broken \ud800 half"}""").Answers!["a"]!.GetValue<string>());
        Assert.True(Validate(Form(Field("a", FieldType.MultilineText)), """{"a":"line\r\nbreak\tand tab"}""").IsValid);
        Assert.True(Validate(Form(Text("a")), """{"a":"𠮷野家"}""").IsValid);
    }

    [Fact]
    public void A_pattern_with_its_hint()
    {
        var field = Text("plate") with { Pattern = "^[0-9]{4}$", PatternHint = new("4桁の数字で入力してください。", "Enter 4 digits.") };
        var error = ErrorFor(field, """{"plate":"12a4"}""");
        Assert.Equal(AnswerErrors.Pattern, error.Code);
        Assert.Equal("「plateの項目」: 4桁の数字で入力してください。", error.MessageJa);
        Assert.Equal("the plate field: Enter 4 digits.", error.MessageEn);
        Assert.True(Validate(Form(field), """{"plate":"1234"}""").IsValid);
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_as_a_mismatch_instead_of_hanging()
    {
        var field = Text("a") with { Pattern = "^(a+)+$", MaxLength = 5000 };
        var started = DateTime.UtcNow;
        Assert.Equal(AnswerErrors.Pattern, ErrorFor(field, $$"""{"a":"{{new string('a', 4000)}}!"}""").Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("ヤマガタ タロウ", true)]
    [InlineData("ヤマガタ　ハナコ", true)]
    [InlineData("ヴァレンティーナ・ロッシ", true)]
    [InlineData("やまがた", false)]
    [InlineData("山形", false)]
    [InlineData("ﾔﾏｶﾞﾀ", false)]
    [InlineData("Yamagata", false)]
    [InlineData("ヤマガタ1", false)]
    public void Furigana_in_zenkaku_katakana(string value, bool valid)
    {
        var field = Text("nameKana", required: true) with { Label = new("フリガナ", "Name in katakana"), Kana = KanaRule.ZenkakuKatakana };
        var check = Validate(Form(field), $$"""{"nameKana":"{{value}}"}""");
        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal(new AnswerError("nameKana", AnswerErrors.Kana, "「フリガナ」は全角カタカナで入力してください。", "Name in katakana must be written in full-width katakana."), Assert.Single(check.Errors));
        }
    }

    [Theory]
    [InlineData(KanaRule.Hiragana, "やまがた はなこ", true)]
    [InlineData(KanaRule.Hiragana, "ヤマガタ", false)]
    [InlineData(KanaRule.HankakuKatakana, "ﾔﾏｶﾞﾀ ﾀﾛｳ", true)]
    [InlineData(KanaRule.HankakuKatakana, "ヤマガタ", false)]
    [InlineData(KanaRule.Hankaku, "Yamagata Taro 1-2", true)]
    [InlineData(KanaRule.Hankaku, "Ｙａｍａｇａｔａ", false)]
    [InlineData(KanaRule.Zenkaku, "山形県山形市松波２丁目", true)]
    [InlineData(KanaRule.Zenkaku, "山形市松波2丁目", false)]
    public void Other_kana_rules(KanaRule rule, string value, bool valid)
    {
        Assert.Equal(valid, Validate(Form(Text("a") with { Kana = rule }), $$"""{"a":"{{value}}"}""").IsValid);
    }

    [Theory]
    [InlineData("990-8570", true)]
    [InlineData("9908570", true)]
    [InlineData("990-857", false)]
    [InlineData("990-85701", false)]
    [InlineData("９９０-８５７０", false)]
    [InlineData("〒990-8570", false)]
    [InlineData("99-08570", false)]
    public void Postal_codes(string value, bool valid)
    {
        var check = Validate(Form(Field("zip", FieldType.PostalCode)), $$"""{"zip":"{{value}}"}""");
        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal(AnswerErrors.InvalidPostalCode, Assert.Single(check.Errors).Code);
        }
    }

    [Theory]
    [InlineData("023-630-2211", true)] // 山形県庁
    [InlineData("0236302211", true)]
    [InlineData("(0233)22-2111", true)]
    [InlineData("090-1234-5678", true)]
    [InlineData("080-1234-5678", true)]
    [InlineData("070-1234-5678", true)]
    [InlineData("050-1234-5678", true)]
    [InlineData("0120-123-456", true)]
    [InlineData("0800-123-4567", true)]
    [InlineData("090-1234-567", false)]
    [InlineData("090-0234-5678", false)]
    [InlineData("03-1234-567", false)]
    [InlineData("1234567890", false)]
    [InlineData("00-1234-5678", false)]
    [InlineData("+81-90-1234-5678", false)]
    [InlineData("０９０-１２３４-５６７８", false)]
    [InlineData("090--1234-5678", false)]
    [InlineData("-0901234-5678", false)]
    [InlineData("090-1234-56789", false)]
    public void Japanese_phone_numbers(string value, bool valid)
    {
        var check = Validate(Form(Field("tel", FieldType.Phone)), $$"""{"tel":"{{value}}"}""");
        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal(AnswerErrors.InvalidPhone, Assert.Single(check.Errors).Code);
        }
    }

    [Theory]
    [InlineData("taro@example.jp", true)]
    [InlineData("taro.yamagata+forms@town.example.lg.jp", true)]
    [InlineData("taro", false)]
    [InlineData("taro@", false)]
    [InlineData("taro@localhost", false)]
    [InlineData("taro yamagata@example.jp", false)]
    [InlineData("たろう@example.jp", false)]
    public void Email_addresses(string value, bool valid)
    {
        var check = Validate(Form(Field("mail", FieldType.Email)), $$"""{"mail":"{{value}}"}""");
        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal(AnswerErrors.InvalidEmail, Assert.Single(check.Errors).Code);
        }
    }

    [Theory]
    [InlineData("2025-04-01", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2025-4-1", false)]
    [InlineData("2025/04/01", false)]
    [InlineData("令和7年4月1日", false)]
    [InlineData("2025-04-01T00:00:00", false)]
    [InlineData("01-04-2025", false)]
    public void Dates_are_ISO_calendar_dates(string value, bool valid)
    {
        var check = Validate(Form(Field("d", FieldType.Date)), $$"""{"d":"{{value}}"}""");
        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal(AnswerErrors.InvalidDate, Assert.Single(check.Errors).Code);
        }
    }

    [Theory]
    [InlineData("2025-04-01", null)]
    [InlineData("2025-04-15", null)]
    [InlineData("2025-03-31", AnswerErrors.DateTooEarly)]
    [InlineData("2025-04-16", AnswerErrors.DateTooLate)]
    public void Date_limits_relative_to_the_day_of_submission(string value, string? code)
    {
        var field = Field("start", FieldType.Date) with { MinDate = "today", MaxDate = "today+14" };
        var check = Validate(Form(field), $$"""{"start":"{{value}}"}""");
        Assert.Equal(code, check.Errors.SingleOrDefault()?.Code);
    }

    [Fact]
    public void A_date_limit_message_names_the_resolved_day()
    {
        var error = ErrorFor(Field("damagedOn", FieldType.Date) with { MaxDate = "today", Label = new("被害日", "Date of damage") }, """{"damagedOn":"2025-04-02"}""");
        Assert.Equal("「被害日」は2025-04-01以前の日付にしてください。", error.MessageJa);
        Assert.Equal("Date of damage must be on or before 2025-04-01.", error.MessageEn);
    }

    [Theory]
    [InlineData("3", null)]
    [InlineData("0", AnswerErrors.TooSmall)]
    [InlineData("11", AnswerErrors.TooBig)]
    [InlineData("2.5", AnswerErrors.WrongType)]
    [InlineData("1e400", AnswerErrors.TooBig)]
    [InlineData("-1e400", AnswerErrors.TooSmall)]
    [InlineData("123456789012345678901234567890123456789", AnswerErrors.TooBig)]
    public void Whole_numbers_within_a_range(string value, string? code)
    {
        var field = Field("count", FieldType.Number) with { Min = 1, Max = 10, WholeNumber = true };
        Assert.Equal(code, Validate(Form(field), $$"""{"count":{{value}}}""").Errors.SingleOrDefault()?.Code);
    }

    [Fact]
    public void Decimal_numbers_when_whole_numbers_are_not_asked()
    {
        Assert.True(Validate(Form(Field("area", FieldType.Number) with { Min = 0 }), """{"area":12.75}""").IsValid);
    }

    [Fact]
    public void A_huge_number_in_a_list_is_the_wrong_type_not_a_crash()
    {
        Assert.Equal(AnswerErrors.WrongType, ErrorFor(MultiChoice("a", "x", "y"), """{"a":[123456789012345678901234567890123456789]}""").Code);
        Assert.Equal(AnswerErrors.WrongType, ErrorFor(Text("a"), """{"a":123456789012345678901234567890123456789}""").Code);
    }

    [Theory]
    [InlineData("\"fire\"", null)]
    [InlineData("\"flood\"", AnswerErrors.NotAnOption)]
    [InlineData("\"FIRE\"", AnswerErrors.NotAnOption)]
    [InlineData("[\"fire\"]", AnswerErrors.WrongType)]
    public void A_choice_is_one_of_its_options(string value, string? code)
    {
        Assert.Equal(code, Validate(Form(Choice("kind", "fire", "other")), $$"""{"kind":{{value}}}""").Errors.SingleOrDefault()?.Code);
    }

    [Theory]
    [InlineData("[\"sofa\",\"bed\"]", null)]
    [InlineData("[\"sofa\",\"sofa\"]", AnswerErrors.Duplicate)]
    [InlineData("[\"piano\"]", AnswerErrors.NotAnOption)]
    [InlineData("[\"sofa\",\"bed\",\"desk\"]", AnswerErrors.TooManySelections)]
    [InlineData("\"sofa\"", AnswerErrors.WrongType)]
    [InlineData("[1]", AnswerErrors.NotAnOption)]
    public void A_multi_choice_picks_distinct_options(string value, string? code)
    {
        var field = MultiChoice("items", "sofa", "bed", "desk") with { MaxSelections = 2 };
        Assert.Equal(code, Validate(Form(field), $$"""{"items":{{value}}}""").Errors.SingleOrDefault()?.Code);
    }

    [Fact]
    public void A_required_multi_choice_with_nothing_picked_is_missing()
    {
        Assert.Equal(AnswerErrors.Required, ErrorFor(MultiChoice("items", "sofa", "bed") with { Required = true }, """{"items":[]}""").Code);
    }

    [Theory]
    [InlineData("{\"agree\":true}", null)]
    [InlineData("{\"agree\":false}", AnswerErrors.MustBeChecked)]
    [InlineData("{}", AnswerErrors.MustBeChecked)]
    public void A_required_checkbox_must_be_ticked(string json, string? code)
    {
        var field = Field("agree", FieldType.Checkbox, required: true) with { Label = new("記載内容に相違ありません", "I confirm the above is true") };
        var check = Validate(Form(field), json);
        Assert.Equal(code, check.Errors.SingleOrDefault()?.Code);
        if (code is not null)
        {
            Assert.Equal("「記載内容に相違ありません」にチェックを入れてください。", check.Errors[0].MessageJa);
        }
    }

    [Fact]
    public void An_optional_checkbox_may_be_false()
    {
        Assert.True(Validate(Form(Field("moving", FieldType.Checkbox)), """{"moving":false}""").IsValid);
    }

    [Theory]
    [InlineData("[\"0f8fad5b-d9cb-469f-a165-70867728950e\"]", null)]
    [InlineData("[\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"]", null)]
    [InlineData("[\"../../etc/passwd\"]", AnswerErrors.InvalidAttachment)]
    [InlineData("[\"0f8fad5bd9cb469fa16570867728950e\"]", AnswerErrors.InvalidAttachment)]
    [InlineData("[{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}]", AnswerErrors.InvalidAttachment)]
    [InlineData("[\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"0f8fad5b-d9cb-469f-a165-70867728950e\"]", AnswerErrors.Duplicate)]
    [InlineData("[\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"a8098c1a-f86e-11da-bd1a-00112444be1e\"]", AnswerErrors.TooManyFiles)]
    public void File_answers_are_attachment_ids(string value, string? code)
    {
        var field = Field("photos", FieldType.File) with { MaxFiles = 2 };
        Assert.Equal(code, Validate(Form(field), $$"""{"photos":{{value}}}""").Errors.SingleOrDefault()?.Code);
    }

    [Fact]
    public void A_file_field_gives_its_limits_to_the_upload_endpoint()
    {
        var form = Form(Text("name"), Field("photos", FieldType.File) with { MaxFileBytes = 5_000_000, AllowedContentTypes = ["image/jpeg"], MaxFiles = 5 });

        Assert.Equal(new FileLimits(5_000_000, ["image/jpeg"], 5), form.FileLimitsFor("photos"), FileLimitsComparer.Instance);
        Assert.True(form.FileLimitsFor("photos")!.Allows("IMAGE/JPEG", 4_000_000));
        Assert.False(form.FileLimitsFor("photos")!.Allows("image/png", 1000));
        Assert.False(form.FileLimitsFor("photos")!.Allows("image/jpeg", 5_000_001));
        Assert.False(form.FileLimitsFor("photos")!.Allows("image/jpeg", 0));
        Assert.Null(form.FileLimitsFor("name"));
        Assert.Null(form.FileLimitsFor("nothing"));
    }

    [Fact]
    public void A_file_field_without_limits_gets_the_defaults()
    {
        var limits = Form(Field("doc", FieldType.File)).FileLimitsFor("doc")!;
        Assert.Equal(FileLimits.DefaultMaxBytes, limits.MaxBytes);
        Assert.Equal(["image/jpeg", "image/png", "application/pdf"], limits.AllowedContentTypes);
        Assert.Equal(1, limits.MaxFiles);
    }

    private sealed class FileLimitsComparer : IEqualityComparer<FileLimits?>
    {
        public static readonly FileLimitsComparer Instance = new();
        public bool Equals(FileLimits? x, FileLimits? y) =>
            x is not null && y is not null && x.MaxBytes == y.MaxBytes && x.MaxFiles == y.MaxFiles && x.AllowedContentTypes.SequenceEqual(y.AllowedContentTypes);
        public int GetHashCode(FileLimits? obj) => 0;
    }

    [Fact]
    public void Errors_come_one_per_field_in_form_order()
    {
        var form = Form(Text("a", required: true), Field("b", FieldType.Number), Field("c", FieldType.PostalCode, required: true));
        var check = Validate(form, """{"c":"x","b":"y","z":1}""");
        Assert.Equal(["z", "a", "b", "c"], check.Errors.Select(e => e.Field));
        Assert.Null(check.Answers);
    }

    [Fact]
    public void A_flood_of_errors_is_cut_short()
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"junk{i}\":1")) + "}";
        var check = Validate(Form(Text("a")), json);
        Assert.Equal(SubmissionValidator.MaxErrors + 1, check.Errors.Count);
        Assert.Equal(AnswerErrors.TooManyErrors, check.Errors[^1].Code);
    }

    [Fact]
    public void A_JsonElement_is_checked_like_its_text()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"name":"a"}""");
        Assert.True(new SubmissionValidator(Form(Text("name", required: true))).Validate(document.RootElement, Today).IsValid);
    }

    [Fact]
    public void An_undefined_JsonElement_is_not_JSON()
    {
        Assert.Equal(AnswerErrors.NotJson, SingleError(new SubmissionValidator(Form(Text("name"))).Validate(default(System.Text.Json.JsonElement), Today)).Code);
    }

    [Fact]
    public void One_validator_serves_many_submissions_at_once()
    {
        var validator = new SubmissionValidator(Form(Text("name", required: true), Field("tel", FieldType.Phone, required: true)));
        var results = new bool[200];
        Parallel.For(0, results.Length, i =>
            results[i] = validator.Validate(i % 2 == 0 ? """{"name":"a","tel":"023-630-2211"}""" : """{"name":"a","tel":"x"}""", Today).IsValid == (i % 2 == 0));
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void A_validator_is_only_built_for_a_checked_definition()
    {
        var failure = Assert.Throws<ArgumentException>(() => new SubmissionValidator(Form(Text("Bad"))));
        Assert.Contains("sections[0].fields[0].key", failure.Message, StringComparison.Ordinal);
    }
}
