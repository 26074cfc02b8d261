using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Tests.Forms;

/// <summary>Small definitions for tests: one section of the given fields.</summary>
internal static class Sample
{
    public static readonly DateOnly Today = new(2025, 4, 1);

    public static FormDefinition Form(params FormField[] fields) => new()
    {
        Key = "sample-form",
        Version = 1,
        Title = new("テスト様式", "Test form"),
        RetentionDays = 365,
        Sections = [new FormSection { Key = "main", Title = new("申請内容", "Application"), Fields = fields }],
    };

    public static FormField Field(string key, FieldType type, bool required = false) => new()
    {
        Key = key,
        Type = type,
        Label = new($"{key}の項目", $"the {key} field"),
        Required = required,
    };

    public static FormField Text(string key, bool required = false) => Field(key, FieldType.Text, required);

    public static FormField Choice(string key, params string[] values) => Field(key, FieldType.Choice) with
    {
        Options = values.Select(v => new ChoiceOption(v, new(v + "(ja)", v))).ToList(),
    };

    public static FormField MultiChoice(string key, params string[] values) => Choice(key, values) with { Type = FieldType.MultiChoice };

    public static SubmissionCheck Validate(FormDefinition form, string json) => new SubmissionValidator(form).Validate(json, Today);

    public static AnswerError SingleError(SubmissionCheck check)
    {
        Assert.False(check.IsValid);
        return Assert.Single(check.Errors);
    }
}
