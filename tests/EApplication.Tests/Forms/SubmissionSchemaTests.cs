using System.Text.Json.Nodes;
using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

public sealed class SubmissionSchemaTests
{
    private static JsonObject SchemaOf(FormDefinition form) => JsonNode.Parse(SubmissionSchema.ToJson(form))!.AsObject();

    [Fact]
    public void The_schema_is_an_object_of_the_fields_and_nothing_else()
    {
        var schema = SchemaOf(Form(Text("name", required: true), Field("age", FieldType.Number)));

        Assert.Equal("object", (string?)schema["type"]);
        Assert.False((bool)schema["additionalProperties"]!);
        Assert.Equal(["name", "age"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["name"], schema["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("sample-form@1", (string?)schema["description"]);
    }

    [Fact]
    public void Conditional_fields_are_never_required_in_the_schema_and_carry_their_condition()
    {
        var schema = SchemaOf(Form(Choice("kind", "a", "other"), Text("detail", required: true) with { ShowWhen = new("kind", ["other"]) }));

        Assert.Null(schema["required"]);
        var condition = schema["properties"]!["detail"]!["x-showWhen"]!;
        Assert.Equal("kind", (string?)condition["field"]);
        Assert.Equal(["other"], condition["anyOf"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Text_rules_become_schema_keywords()
    {
        var property = SchemaOf(Form(Text("kana") with { MinLength = 1, MaxLength = 40, Kana = KanaRule.ZenkakuKatakana, Pattern = "^[^0-9]*$" }))["properties"]!["kana"]!;

        Assert.Equal("string", (string?)property["type"]);
        Assert.Equal(1, (int)property["minLength"]!);
        Assert.Equal(40, (int)property["maxLength"]!);
        Assert.Equal("^[^0-9]*$", (string?)property["pattern"]);
        Assert.Equal("zenkakuKatakana", (string?)property["x-kana"]);
        Assert.Equal("text", (string?)property["x-fieldType"]);
        Assert.Equal("kanaの項目", (string?)property["title"]);
    }

    [Fact]
    public void Each_type_maps_to_its_JSON_type()
    {
        var form = Form(
            Field("count", FieldType.Number) with { WholeNumber = true, Min = 1, Max = 5 },
            Field("area", FieldType.Number),
            Field("day", FieldType.Date) with { MinDate = "today" },
            Choice("kind", "a", "b"),
            MultiChoice("items", "a", "b", "c") with { MaxSelections = 2 },
            Field("agree", FieldType.Checkbox, required: true),
            Field("zip", FieldType.PostalCode),
            Field("tel", FieldType.Phone),
            Field("mail", FieldType.Email),
            Field("photos", FieldType.File) with { MaxFiles = 3, MaxFileBytes = 1000, AllowedContentTypes = ["image/png"] });
        var p = SchemaOf(form)["properties"]!;

        Assert.Equal(("integer", 1m, 5m), ((string?)p["count"]!["type"], (decimal)p["count"]!["minimum"]!, (decimal)p["count"]!["maximum"]!));
        Assert.Equal("number", (string?)p["area"]!["type"]);
        Assert.Equal(("string", "date", "today"), ((string?)p["day"]!["type"], (string?)p["day"]!["format"], (string?)p["day"]!["x-minDate"]));
        Assert.Equal(["a", "b"], p["kind"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(("array", true, 2), ((string?)p["items"]!["type"], (bool)p["items"]!["uniqueItems"]!, (int)p["items"]!["maxItems"]!));
        Assert.Equal(["a", "b", "c"], p["items"]!["items"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(("boolean", true), ((string?)p["agree"]!["type"], (bool)p["agree"]!["enum"]![0]!));
        Assert.Equal(JapaneseText.PostalCodePattern, (string?)p["zip"]!["pattern"]);
        Assert.Equal("string", (string?)p["tel"]!["type"]);
        Assert.Equal("email", (string?)p["mail"]!["format"]);
        Assert.Equal(("array", 3, 1000L), ((string?)p["photos"]!["type"], (int)p["photos"]!["maxItems"]!, (long)p["photos"]!["x-maxFileBytes"]!));
        Assert.Equal(SubmissionSchema.AttachmentIdPattern, (string?)p["photos"]!["items"]!["pattern"]);
        Assert.Equal(["image/png"], p["photos"]!["x-allowedContentTypes"]!.AsArray().Select(v => (string?)v));
    }
}
