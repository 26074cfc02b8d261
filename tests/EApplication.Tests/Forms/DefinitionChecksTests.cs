using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

public sealed class DefinitionChecksTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(FormDefinition form) => DefinitionChecks.Check(form);

    private static string OnlyProblemPath(FormDefinition form) => Assert.Single(Problems(form)).Path;

    [Fact]
    public void A_simple_form_passes()
    {
        Assert.Empty(Problems(Form(Text("name", required: true), Field("birthDate", FieldType.Date) with { ShowWareki = true })));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("nameKana")]
    [InlineData("a1")]
    public void Field_keys_start_with_a_lower_case_letter_and_use_letters_and_digits(string key)
    {
        Assert.Empty(Problems(Form(Text(key))));
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("1name")]
    [InlineData("name_kana")]
    [InlineData("name-kana")]
    [InlineData("")]
    [InlineData("氏名")]
    public void Malformed_field_keys_are_refused_at_their_path(string key)
    {
        var problem = Assert.Single(Problems(Form(Text(key))));
        Assert.Equal("sections[0].fields[0].key", problem.Path);
        Assert.Contains("key", problem.MessageEn, StringComparison.Ordinal);
        Assert.NotEmpty(problem.MessageJa);
    }

    [Fact]
    public void A_key_longer_than_64_characters_is_refused()
    {
        Assert.Equal("sections[0].fields[0].key", OnlyProblemPath(Form(Text("a" + new string('b', 64)))));
    }

    [Fact]
    public void Field_keys_are_unique_across_sections()
    {
        var form = Form(Text("name")) with
        {
            Sections =
            [
                new FormSection { Key = "first", Title = new("一"), Fields = [Text("name")] },
                new FormSection { Key = "second", Title = new("二"), Fields = [Text("name")] },
            ],
        };
        var problem = Assert.Single(Problems(form));
        Assert.Equal("sections[1].fields[0].key", problem.Path);
        Assert.Contains("twice", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_keys_are_unique_and_sections_have_fields()
    {
        var form = Form(Text("a")) with
        {
            Sections =
            [
                new FormSection { Key = "main", Title = new("一"), Fields = [Text("a")] },
                new FormSection { Key = "main", Title = new("二"), Fields = [] },
            ],
        };
        Assert.Equal(["sections[1].key", "sections[1].fields"], Problems(form).Select(p => p.Path));
    }

    [Theory]
    [InlineData("child-allowance", true)]
    [InlineData("water2", true)]
    [InlineData("Child-allowance", false)]
    [InlineData("child_allowance", false)]
    [InlineData("-child", false)]
    [InlineData("child-", false)]
    public void Form_keys_are_lower_case_words_joined_by_hyphens(string key, bool valid)
    {
        Assert.Equal(valid, DefinitionChecks.IsValid(Form(Text("a")) with { Key = key }));
    }

    [Fact]
    public void Form_level_values_are_sane()
    {
        var form = Form(Text("a")) with { Version = 0, RetentionDays = 0, Title = new(" "), RequiredAssurance = (AssuranceLevel)7 };
        Assert.Equal(["version", "title.ja", "requiredAssurance", "retentionDays"], Problems(form).Select(p => p.Path));
    }

    [Fact]
    public void A_form_without_sections_is_refused()
    {
        Assert.Equal("sections", OnlyProblemPath(Form() with { Sections = [] }));
    }

    [Fact]
    public void Labels_need_Japanese_text()
    {
        Assert.Equal("sections[0].fields[0].label.ja", OnlyProblemPath(Form(Text("a") with { Label = new("", "Name") })));
    }

    [Theory]
    [InlineData(FieldType.Number)]
    [InlineData(FieldType.Date)]
    [InlineData(FieldType.Checkbox)]
    [InlineData(FieldType.File)]
    public void Length_rules_apply_to_text_only(FieldType type)
    {
        Assert.Equal("sections[0].fields[0].maxLength", OnlyProblemPath(Form(Field("a", type) with { MaxLength = 10 })));
    }

    [Fact]
    public void Rules_on_the_wrong_type_are_each_named()
    {
        var field = Text("a") with { Min = 1, MinDate = "today", Options = [new("x", new("x")), new("y", new("y"))], MaxFileBytes = 10, ShowWareki = true, WholeNumber = true };
        Assert.Equal(
            ["min", "wholeNumber", "minDate", "showWareki", "options", "maxFileBytes"],
            Problems(Form(field)).Select(p => p.Path["sections[0].fields[0].".Length..]));
    }

    [Fact]
    public void A_kana_rule_applies_to_text_only()
    {
        Assert.Equal("sections[0].fields[0].kana", OnlyProblemPath(Form(Field("a", FieldType.Email) with { Kana = KanaRule.ZenkakuKatakana })));
    }

    [Theory]
    [InlineData(5, 3, "minLength")]
    [InlineData(-1, null, "minLength")]
    [InlineData(null, 0, "maxLength")]
    [InlineData(null, 10_001, "maxLength")]
    public void Length_ranges_are_sane(int? min, int? max, string property)
    {
        Assert.Equal($"sections[0].fields[0].{property}", OnlyProblemPath(Form(Text("a") with { MinLength = min, MaxLength = max })));
    }

    [Fact]
    public void Number_ranges_are_sane()
    {
        Assert.Equal("sections[0].fields[0].min", OnlyProblemPath(Form(Field("a", FieldType.Number) with { Min = 10, Max = 1 })));
    }

    [Theory]
    [InlineData("2025-04-01", "2025-03-31", "minDate")]
    [InlineData("2025-13-01", null, "minDate")]
    [InlineData(null, "tomorrow", "maxDate")]
    [InlineData(null, "today+", "maxDate")]
    public void Date_limits_are_dates_or_relative_to_today_and_in_order(string? min, string? max, string property)
    {
        Assert.Equal($"sections[0].fields[0].{property}", OnlyProblemPath(Form(Field("a", FieldType.Date) with { MinDate = min, MaxDate = max })));
    }

    [Theory]
    [InlineData("today")]
    [InlineData("today+14")]
    [InlineData("today-36500")]
    [InlineData("1900-01-01")]
    public void Date_limits_may_be_relative(string bound)
    {
        Assert.Empty(Problems(Form(Field("a", FieldType.Date) with { MinDate = bound })));
    }

    [Fact]
    public void Relative_limits_are_not_compared_before_a_submission()
    {
        Assert.Empty(Problems(Form(Field("a", FieldType.Date) with { MinDate = "today", MaxDate = "2000-01-01" })));
    }

    [Fact]
    public void A_pattern_must_be_a_regular_expression()
    {
        Assert.Equal("sections[0].fields[0].pattern", OnlyProblemPath(Form(Text("a") with { Pattern = "([a-z" })));
        Assert.Equal("sections[0].fields[0].pattern", OnlyProblemPath(Form(Text("a") with { Pattern = new string('a', 201) })));
        Assert.Equal("sections[0].fields[0].patternHint", OnlyProblemPath(Form(Text("a") with { PatternHint = new("形") })));
    }

    [Fact]
    public void Choice_fields_have_at_least_two_options()
    {
        Assert.Equal("sections[0].fields[0].options", OnlyProblemPath(Form(Field("a", FieldType.Choice))));
        Assert.Equal("sections[0].fields[0].options", OnlyProblemPath(Form(Choice("a", "only"))));
        Assert.Equal("sections[0].fields[0].options", OnlyProblemPath(Form(MultiChoice("a"))));
    }

    [Fact]
    public void Option_values_are_unique_and_labelled()
    {
        var field = Choice("a", "x", "x") with { Options = [new("x", new("エックス")), new("x", new("もう一つ")), new("", new(""))] };
        Assert.Equal(
            ["options[1].value", "options[2].value", "options[2].label.ja"],
            Problems(Form(field)).Select(p => p.Path["sections[0].fields[0].".Length..]));
    }

    [Fact]
    public void Max_selections_is_within_the_options()
    {
        Assert.Equal("sections[0].fields[0].maxSelections", OnlyProblemPath(Form(MultiChoice("a", "x", "y") with { MaxSelections = 3 })));
        Assert.Equal("sections[0].fields[0].maxSelections", OnlyProblemPath(Form(Choice("a", "x", "y") with { MaxSelections = 1 })));
    }

    [Fact]
    public void File_limits_are_within_the_platform()
    {
        var field = Field("photo", FieldType.File) with { MaxFileBytes = FileLimits.PlatformMaxBytes + 1, MaxFiles = 0, AllowedContentTypes = ["image/jpeg", "jpeg"] };
        Assert.Equal(
            ["maxFileBytes", "maxFiles", "allowedContentTypes[1]"],
            Problems(Form(field)).Select(p => p.Path["sections[0].fields[0].".Length..]));
        Assert.Equal("sections[0].fields[0].allowedContentTypes", OnlyProblemPath(Form(Field("photo", FieldType.File) with { AllowedContentTypes = [] })));
    }

    [Fact]
    public void A_condition_refers_to_an_earlier_field()
    {
        var later = Form(Text("detail") with { ShowWhen = new("kind", ["other"]) }, Choice("kind", "fire", "other"));
        var problem = Assert.Single(Problems(later));
        Assert.Equal("sections[0].fields[0].showWhen.field", problem.Path);
        Assert.Contains("'kind' does not come before", problem.MessageEn, StringComparison.Ordinal);

        Assert.Equal("sections[0].fields[0].showWhen.field", OnlyProblemPath(Form(Text("detail") with { ShowWhen = new("missing", ["x"]) })));
        Assert.Equal("sections[0].fields[0].showWhen.field", OnlyProblemPath(Form(Text("detail") with { ShowWhen = new("detail", ["x"]) })));
    }

    [Fact]
    public void A_condition_is_on_a_choice_or_checkbox_with_values_it_can_have()
    {
        Assert.Equal("sections[0].fields[1].showWhen.field", OnlyProblemPath(Form(Text("name"), Text("detail") with { ShowWhen = new("name", ["x"]) })));
        Assert.Equal("sections[0].fields[1].showWhen.anyOf[1]", OnlyProblemPath(Form(Choice("kind", "fire", "other"), Text("detail") with { ShowWhen = new("kind", ["other", "flood"]) })));
        Assert.Equal("sections[0].fields[1].showWhen.anyOf", OnlyProblemPath(Form(Choice("kind", "fire", "other"), Text("detail") with { ShowWhen = new("kind", []) })));
        Assert.Equal("sections[0].fields[1].showWhen.anyOf[0]", OnlyProblemPath(Form(Field("moving", FieldType.Checkbox), Text("detail") with { ShowWhen = new("moving", ["yes"]) })));
        Assert.Empty(Problems(Form(Field("moving", FieldType.Checkbox), Text("detail") with { ShowWhen = new("moving", ["true"]) })));
    }

    [Theory]
    [InlineData("myNumber", "番号")]
    [InlineData("individualNumber", "番号")]
    [InlineData("applicantNumber", "個人番号")]
    [InlineData("applicantNumber", "マイナンバー")]
    [InlineData("applicantNumber", "申請者のマイナンバー(12桁)")]
    public void A_form_never_asks_for_a_My_Number(string key, string label)
    {
        var problem = Assert.Single(Problems(Form(Text(key) with { Label = new(label) })));
        Assert.Contains("My Number", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_whether_someone_has_a_My_Number_card_is_fine()
    {
        Assert.Empty(Problems(Form(Field("hasCard", FieldType.Checkbox) with { Label = new("マイナンバーカードを持っている") })));
    }
}
