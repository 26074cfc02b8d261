using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

/// <summary>showWhen: a hidden field is ignored and never required; a shown one is checked as usual.</summary>
public sealed class ConditionalDisplayTests
{
    // 罹災証明: 被害の種類 その他 → 詳細
    private static readonly FormDefinition Damage = Form(
        Choice("damageKind", "fire", "flood", "other") with { Required = true },
        Text("damageDetail", required: true) with { ShowWhen = new("damageKind", ["other"]), MaxLength = 10 },
        Field("floodDepth", FieldType.Number, required: true) with { ShowWhen = new("damageKind", ["flood"]), Min = 0 });

    [Fact]
    public void A_shown_required_field_must_be_answered()
    {
        var error = SingleError(Validate(Damage, """{"damageKind":"other"}"""));
        Assert.Equal(("damageDetail", AnswerErrors.Required), (error.Field, error.Code));
    }

    [Fact]
    public void A_hidden_required_field_is_not_required()
    {
        Assert.True(Validate(Damage, """{"damageKind":"fire"}""").IsValid);
    }

    [Fact]
    public void A_hidden_fields_answer_is_ignored_even_if_it_is_junk_and_is_not_stored()
    {
        var check = Validate(Damage, """{"damageKind":"fire","damageDetail":{"x":[1,2,3]},"floodDepth":"deep"}""");
        Assert.True(check.IsValid);
        Assert.Equal("""{"damageKind":"fire"}""", check.Answers!.ToJsonString());
    }

    [Fact]
    public void A_shown_fields_answer_is_checked()
    {
        Assert.Equal(AnswerErrors.TooLong, SingleError(Validate(Damage, """{"damageKind":"other","damageDetail":"とても長い説明文がここに入ります"}""")).Code);
        Assert.Equal(AnswerErrors.TooSmall, SingleError(Validate(Damage, """{"damageKind":"flood","floodDepth":-1}""")).Code);
    }

    [Fact]
    public void When_the_controlling_answer_is_invalid_only_it_is_reported()
    {
        var error = SingleError(Validate(Damage, """{"damageKind":"volcano"}"""));
        Assert.Equal(("damageKind", AnswerErrors.NotAnOption), (error.Field, error.Code));
    }

    [Fact]
    public void A_condition_on_a_hidden_field_hides_too()
    {
        var form = Form(
            Choice("service", "start", "stop"),
            Field("moving", FieldType.Checkbox) with { ShowWhen = new("service", ["stop"]) },
            Text("newAddress", required: true) with { ShowWhen = new("moving", ["true"]) });

        Assert.True(Validate(form, """{"service":"start","moving":true}""").IsValid); // moving hidden, so newAddress hidden
        Assert.Equal("newAddress", SingleError(Validate(form, """{"service":"stop","moving":true}""")).Field);
        Assert.True(Validate(form, """{"service":"stop"}""").IsValid); // an unticked box is false
    }

    [Fact]
    public void A_condition_on_an_unticked_box()
    {
        var form = Form(Field("sameAsApplicant", FieldType.Checkbox), Text("ownerName", required: true) with { ShowWhen = new("sameAsApplicant", ["false"]) });
        Assert.Equal("ownerName", SingleError(Validate(form, "{}")).Field);
        Assert.True(Validate(form, """{"sameAsApplicant":true}""").IsValid);
    }

    [Fact]
    public void A_condition_on_a_multi_choice_holds_when_any_pick_matches()
    {
        var form = Form(MultiChoice("items", "sofa", "fridge", "tv"), Text("recyclingTicket", required: true) with { ShowWhen = new("items", ["fridge", "tv"]) });
        Assert.True(Validate(form, """{"items":["sofa"]}""").IsValid);
        Assert.Equal("recyclingTicket", SingleError(Validate(form, """{"items":["sofa","tv"]}""")).Field);
    }

    [Fact]
    public void A_required_checkbox_shown_only_under_a_condition_must_be_ticked_when_shown()
    {
        var form = Form(Choice("service", "start", "stop"), Field("agree", FieldType.Checkbox, required: true) with { ShowWhen = new("service", ["stop"]) });
        Assert.Equal(AnswerErrors.MustBeChecked, SingleError(Validate(form, """{"service":"stop"}""")).Code);
        Assert.True(Validate(form, """{"service":"start"}""").IsValid);
    }
}
