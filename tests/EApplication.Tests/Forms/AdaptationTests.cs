using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

/// <summary>A town's copy = template version + overrides.</summary>
public sealed class AdaptationTests
{
    // 粗大ごみ-like template, version 1
    private static readonly FormDefinition Template = Form(
        Text("name", required: true) with { Mandated = true },
        Field("tel", FieldType.Phone, required: true),
        Choice("pickup", "home", "station"),
        Text("meetingPoint") with { ShowWhen = new("pickup", ["station"]) },
        Field("note", FieldType.MultilineText)) with
    { Key = "bulky-waste", Version = 1 };

    private static AdaptedForm Apply(FormOverrides overrides) => Adaptation.Apply(Template, overrides);

    [Fact]
    public void No_overrides_is_the_template_based_on_itself()
    {
        var adapted = Apply(FormOverrides.None);

        Assert.Empty(adapted.Outcomes);
        Assert.True(adapted.CanPublish);
        Assert.Equal(new FormVersionRef("bulky-waste", 1), adapted.Definition.BasedOn);
        Assert.Equal(FormJson.Write(Template with { BasedOn = Template.Ref }), FormJson.Write(adapted.Definition));
    }

    [Fact]
    public void A_town_publishes_its_own_version_number()
    {
        Assert.Equal(4, Adaptation.Apply(Template, FormOverrides.None, version: 4).Definition.Version);
    }

    [Fact]
    public void Removing_a_field()
    {
        var adapted = Apply(new FormOverrides { RemovedFields = ["note"] });

        Assert.Null(adapted.Definition.FindField("note"));
        Assert.Equal(OverrideStatus.Applies, Assert.Single(adapted.Outcomes).Status);
        Assert.True(adapted.CanPublish);
    }

    [Fact]
    public void A_mandated_field_cannot_be_removed()
    {
        var adapted = Apply(new FormOverrides { RemovedFields = ["name"] });

        Assert.NotNull(adapted.Definition.FindField("name"));
        var outcome = Assert.Single(adapted.Conflicts);
        Assert.Equal(("removedFields[0]", "name"), (outcome.Path, outcome.Field));
        Assert.Contains("mandated", outcome.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_another_is_shown_by_cannot_be_removed_alone()
    {
        Assert.Single(Apply(new FormOverrides { RemovedFields = ["pickup"] }).Conflicts);

        var both = Apply(new FormOverrides { RemovedFields = ["meetingPoint", "pickup"] });
        Assert.Empty(both.Conflicts);
        Assert.True(both.CanPublish);
    }

    [Fact]
    public void Removing_a_field_the_template_does_not_have_is_no_longer_needed()
    {
        Assert.Equal(OverrideStatus.NoLongerNeeded, Assert.Single(Apply(new FormOverrides { RemovedFields = ["fax"] }).Outcomes).Status);
    }

    [Fact]
    public void Changing_label_help_and_required()
    {
        var adapted = Apply(new FormOverrides
        {
            ChangedFields = [new("note") { Label = new("連絡事項", "Message"), Help = new("収集日の希望があれば書いてください。"), Required = true }],
        });

        var note = adapted.Definition.FindField("note")!;
        Assert.Equal(("連絡事項", "収集日の希望があれば書いてください。", true), (note.Label.Ja, note.Help!.Ja, note.Required));
        Assert.Equal(["changedFields[0].label", "changedFields[0].help", "changedFields[0].required"], adapted.Outcomes.Select(o => o.Path));
        Assert.All(adapted.Outcomes, o => Assert.Equal(OverrideStatus.Applies, o.Status));
    }

    [Fact]
    public void A_required_field_may_be_made_optional_unless_mandated()
    {
        var adapted = Apply(new FormOverrides { ChangedFields = [new("tel") { Required = false }, new("name") { Required = false, Help = new("戸籍上の氏名") }] });

        Assert.False(adapted.Definition.FindField("tel")!.Required);
        Assert.True(adapted.Definition.FindField("name")!.Required);
        Assert.Equal("戸籍上の氏名", adapted.Definition.FindField("name")!.Help!.Ja); // the rest of the override still applies
        Assert.Equal("changedFields[1].required", Assert.Single(adapted.Conflicts).Path);
    }

    [Fact]
    public void Making_required_what_already_is_is_no_longer_needed()
    {
        Assert.Equal(OverrideStatus.NoLongerNeeded, Assert.Single(Apply(new FormOverrides { ChangedFields = [new("tel") { Required = true }] }).Outcomes).Status);
    }

    [Fact]
    public void Changing_a_field_the_town_removed_or_the_template_lacks_is_a_conflict()
    {
        var adapted = Apply(new FormOverrides { RemovedFields = ["note"], ChangedFields = [new("note") { Help = new("x") }, new("fax") { Help = new("x") }] });
        Assert.Equal(["changedFields[0]", "changedFields[1]"], adapted.Conflicts.Select(c => c.Path));
    }

    [Fact]
    public void Adding_fields_after_a_field_or_at_the_end()
    {
        var adapted = Apply(new FormOverrides
        {
            AddedFields =
            [
                new("main", Field("email", FieldType.Email), After: "tel"),
                new("main", Field("agree", FieldType.Checkbox, required: true)),
                new("main", Text("district"), After: "gone"),
            ],
        });

        Assert.Equal(["name", "tel", "email", "pickup", "meetingPoint", "note", "agree", "district"], adapted.Definition.Fields.Select(f => f.Key));
        Assert.True(adapted.CanPublish);
    }

    [Fact]
    public void An_added_field_may_depend_on_a_template_field()
    {
        var adapted = Apply(new FormOverrides { AddedFields = [new("main", Text("stationName", required: true) with { ShowWhen = new("pickup", ["station"]) })] });
        Assert.True(adapted.CanPublish);
        Assert.Equal("stationName", SingleError(new SubmissionValidator(adapted.Definition).Validate("""{"name":"a","tel":"023-630-2211","pickup":"station"}""", Today)).Field);
    }

    [Fact]
    public void A_template_field_an_added_field_depends_on_cannot_be_removed()
    {
        var adapted = Apply(new FormOverrides
        {
            RemovedFields = ["pickup", "meetingPoint"],
            AddedFields = [new("main", Text("stationName") with { ShowWhen = new("pickup", ["station"]) })],
        });
        Assert.Equal("removedFields[0]", Assert.Single(adapted.Conflicts).Path);
        Assert.True(adapted.CanPublish);
    }

    [Fact]
    public void Added_fields_clashing_or_in_a_missing_section_are_conflicts()
    {
        var adapted = Apply(new FormOverrides
        {
            AddedFields = [new("main", Text("note")), new("elsewhere", Text("extra")), new("main", Text("x") with { ShowWhen = new("gone", ["y"]) })],
        });
        Assert.Equal(["addedFields[0]", "addedFields[1]", "addedFields[2]"], adapted.Conflicts.Select(c => c.Path));
    }

    [Fact]
    public void A_bad_added_field_shows_up_as_a_definition_problem()
    {
        var adapted = Apply(new FormOverrides { AddedFields = [new("main", Text("Bad Key"))] });
        Assert.False(adapted.CanPublish);
        Assert.Equal("sections[0].fields[5].key", Assert.Single(adapted.Problems).Path);
    }

    [Fact]
    public void A_section_emptied_by_removals_is_left_out()
    {
        var template = Template with
        {
            Sections = [.. Template.Sections, new FormSection { Key = "proxy", Title = new("代理人"), Fields = [Text("proxyName")] }],
        };
        var adapted = Adaptation.Apply(template, new FormOverrides { RemovedFields = ["proxyName"] });
        Assert.Equal(["main"], adapted.Definition.Sections.Select(s => s.Key));
        Assert.True(adapted.CanPublish);
    }

    [Fact]
    public void The_town_may_write_its_own_description()
    {
        Assert.Equal("金山町 環境整備課 0233-52-2111", Apply(new FormOverrides { Description = new("金山町 環境整備課 0233-52-2111") }).Definition.Description!.Ja);
    }

    [Fact]
    public void Overrides_round_trip_as_JSON()
    {
        var overrides = new FormOverrides
        {
            RemovedFields = ["note"],
            ChangedFields = [new("tel") { Required = false }],
            AddedFields = [new("main", Field("email", FieldType.Email), "tel")],
        };
        var json = System.Text.Json.JsonSerializer.Serialize(overrides, FormJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<FormOverrides>(json, FormJson.Options)!;
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, FormJson.Options));
        Assert.Equal(FormJson.Write(Apply(overrides).Definition), FormJson.Write(Apply(back).Definition));
    }
}
