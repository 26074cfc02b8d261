using System.Text.Json;
using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

public sealed class FormJsonTests
{
    private static readonly FormDefinition Rich = Form(
        Text("nameKana", required: true) with { Kana = KanaRule.ZenkakuKatakana, MaxLength = 40, Help = new("全角カタカナ", "Katakana") },
        Choice("kind", "a", "b"),
        MultiChoice("items", "a", "b") with { ShowWhen = new("kind", ["b"]) },
        Field("photos", FieldType.File) with { AllowedContentTypes = ["image/jpeg"], MaxFileBytes = 1000 }) with
    {
        RequiredAssurance = AssuranceLevel.Ial2,
        BasedOn = new("prefecture-form", 3),
        Description = new("説明", "About"),
    };

    [Fact]
    public void A_definition_is_written_in_camelCase_with_enum_names_and_without_empty_values()
    {
        var json = FormJson.Write(Rich);

        Assert.Contains("\"requiredAssurance\":\"ial2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"multiChoice\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"text\"", json, StringComparison.Ordinal); // the enum's default is still written
        Assert.Contains("\"kana\":\"zenkakuKatakana\"", json, StringComparison.Ordinal);
        Assert.Contains("\"showWhen\":{\"field\":\"kind\",\"anyOf\":[\"b\"]}", json, StringComparison.Ordinal);
        Assert.Contains("\"basedOn\":{\"key\":\"prefecture-form\",\"version\":3}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"mandated\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ref\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_reads_back_as_written()
    {
        var back = FormJson.Read(FormJson.Write(Rich));

        Assert.Equal(FormJson.Write(Rich), FormJson.Write(back));
        Assert.Equal(AssuranceLevel.Ial2, back.RequiredAssurance);
        Assert.Equal(new FormVersionRef("sample-form", 1), back.Ref);
        Assert.Equal(KanaRule.ZenkakuKatakana, back.FindField("nameKana")!.Kana);
    }

    [Theory]
    [InlineData("""{"key":"a","version":1,"title":{"ja":"t"},"retentionDays":1,"sections":[],"typo":1}""")]
    [InlineData("""{"key":"a","version":1,"title":null,"retentionDays":1,"sections":[]}""")]
    [InlineData("""{"key":"a","version":1,"title":{"en":"t"},"retentionDays":1,"sections":[]}""")]
    [InlineData("""{"key":"a","title":{"ja":"t"},"retentionDays":1,"sections":[]}""")]
    [InlineData("""{"key":"a","version":1,"title":{"ja":"t"},"retentionDays":1,"requiredAssurance":2,"sections":[]}""")]
    [InlineData("""{"key":"a","version":1,"title":{"ja":"t"},"retentionDays":1,"requiredAssurance":"ial9","sections":[]}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("""{""")]
    public void Malformed_definitions_are_refused_with_a_reason(string json)
    {
        Assert.False(FormJson.TryRead(json, out var definition, out var error));
        Assert.Null(definition);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Defaults_apply_when_left_out()
    {
        Assert.True(FormJson.TryRead("""{"key":"a","version":1,"title":{"ja":"t"},"retentionDays":1,"sections":[]}""", out var definition, out _));
        Assert.Equal(AssuranceLevel.Ial1, definition.RequiredAssurance);
    }

    [Fact]
    public void The_options_are_read_only()
    {
        Assert.True(FormJson.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => FormJson.Options.WriteIndented = true);
        _ = JsonSerializer.Serialize(1, FormJson.Options);
    }
}
