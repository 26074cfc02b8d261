using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

/// <summary>The prefecture publishes a new version; a subscribed town sees the difference and accepts or keeps its own.</summary>
public sealed class TemplateUpgradeTests
{
    private static readonly FormDefinition Version1 = Form(
        Text("name", required: true),
        Field("tel", FieldType.Phone, required: true) with { Help = new("日中つながる番号") },
        Field("fax", FieldType.Phone),
        Field("note", FieldType.MultilineText)) with
    { Key = "dog-registration", Version = 1 };

    private static readonly FormDefinition Version2 = Version1 with
    {
        Version = 2,
        RetentionDays = 1825,
        Sections =
        [
            new FormSection
            {
                Key = "main",
                Title = new("申請内容", "Application"),
                Fields =
                [
                    Text("name", required: true),
                    Field("tel", FieldType.Phone, required: true) with { Help = new("日中に連絡がとれる電話番号") },
                    Field("email", FieldType.Email),
                    Field("note", FieldType.MultilineText) with { MaxLength = 500, Label = new("備考", "Notes") },
                ],
            },
        ],
    };

    [Fact]
    public void The_diff_names_added_removed_and_changed_fields_with_their_properties()
    {
        var diff = TemplateDiff.Between(Version1, Version2);

        Assert.Equal(new FormVersionRef("dog-registration", 1), diff.From);
        Assert.Equal(new FormVersionRef("dog-registration", 2), diff.To);
        Assert.Equal(["retentionDays"], diff.FormProperties);
        Assert.Equal(
            ["tel:Changed:help", "email:Added:", "note:Changed:label,maxLength", "fax:Removed:"],
            diff.Fields.Select(c => $"{c.Field}:{c.Kind}:{string.Join(",", c.Properties)}"));
    }

    [Fact]
    public void The_same_version_has_no_diff()
    {
        Assert.True(TemplateDiff.Between(Version1, Version1).IsEmpty);
    }

    [Fact]
    public void Moving_a_field_to_another_section_is_a_change_of_section()
    {
        var moved = Version1 with
        {
            Sections =
            [
                new FormSection { Key = "main", Title = new("申請内容", "Application"), Fields = [Text("name", required: true), Field("tel", FieldType.Phone, required: true) with { Help = new("日中つながる番号") }] },
                new FormSection { Key = "other", Title = new("その他"), Fields = [Field("fax", FieldType.Phone), Field("note", FieldType.MultilineText)] },
            ],
        };
        var diff = TemplateDiff.Between(Version1, moved);
        Assert.Equal(["sections"], diff.FormProperties);
        Assert.Equal(["fax", "note"], diff.Fields.Select(f => f.Field));
        Assert.All(diff.Fields, f => Assert.Equal(["section"], f.Properties));
    }

    [Fact]
    public void A_changed_assurance_level_is_a_form_level_change()
    {
        Assert.Equal(["requiredAssurance"], TemplateDiff.Between(Version1, Version1 with { RequiredAssurance = AssuranceLevel.Ial3 }).FormProperties);
    }

    [Fact]
    public void A_town_sees_what_becomes_of_each_override()
    {
        var overrides = new FormOverrides
        {
            RemovedFields = ["fax"],
            ChangedFields = [new("tel") { Help = new("携帯電話でも可") }, new("fax") { Label = new("FAX番号") }, new("name") { Help = new("戸籍上の氏名") }],
            AddedFields = [new("main", Field("email", FieldType.Email)), new("main", Text("district"), After: "name")],
        };

        var preview = TemplateUpgrade.Preview(Version1, Version2, overrides);

        Assert.Equal(
            [
                ("removedFields[0]", OverrideStatus.NoLongerNeeded),
                ("changedFields[0].help", OverrideStatus.TemplateChangedToo),
                ("changedFields[1]", OverrideStatus.Conflict),
                ("changedFields[2].help", OverrideStatus.Applies),
                ("addedFields[0]", OverrideStatus.Conflict),
                ("addedFields[1]", OverrideStatus.Applies),
            ],
            preview.Overrides.Select(o => (o.Path, o.Status)));
        Assert.Equal(["fax", "email"], preview.Conflicts.Select(c => c.Field));
        Assert.Contains("no longer on the form", preview.Conflicts.First().MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepting_reapplies_the_overrides_onto_the_new_base()
    {
        var overrides = new FormOverrides
        {
            ChangedFields = [new("tel") { Help = new("携帯電話でも可") }],
            AddedFields = [new("main", Text("district"), After: "name")],
        };

        var accepted = TemplateUpgrade.Accept(Version2, overrides, version: 3);

        Assert.True(accepted.CanPublish);
        var form = accepted.Definition;
        Assert.Equal((3, new FormVersionRef("dog-registration", 2)), (form.Version, form.BasedOn));
        Assert.Equal(["name", "district", "tel", "email", "note"], form.Fields.Select(f => f.Key));
        Assert.Equal("携帯電話でも可", form.FindField("tel")!.Help!.Ja);
        Assert.Equal(500, form.FindField("note")!.MaxLength); // the prefecture's change comes through
        Assert.Equal(1825, form.RetentionDays);
    }

    [Fact]
    public void Keeping_its_version_leaves_the_town_form_as_it_was()
    {
        var overrides = new FormOverrides { AddedFields = [new("main", Text("district"))] };
        var current = Adaptation.Apply(Version1, overrides, version: 2).Definition;

        _ = TemplateUpgrade.Preview(Version1, Version2, overrides); // a preview changes nothing

        Assert.Equal(new FormVersionRef("dog-registration", 1), current.BasedOn);
        Assert.NotNull(current.FindField("fax"));
    }

    [Fact]
    public void A_town_removal_of_a_field_the_prefecture_changed_is_flagged()
    {
        var preview = TemplateUpgrade.Preview(Version1, Version2, new FormOverrides { RemovedFields = ["note"] });
        Assert.Equal(OverrideStatus.TemplateChangedToo, Assert.Single(preview.Overrides).Status);
        Assert.Null(preview.Accepted.Definition.FindField("note"));
    }

    [Fact]
    public void A_town_description_is_flagged_when_the_prefecture_changes_its_own()
    {
        var newer = Version2 with { Description = new("新しい説明") };
        var preview = TemplateUpgrade.Preview(Version1, newer, new FormOverrides { Description = new("町の説明") });
        Assert.Equal(("description", OverrideStatus.TemplateChangedToo), (Assert.Single(preview.Overrides).Path, preview.Overrides[0].Status));
        Assert.Equal("町の説明", preview.Accepted.Definition.Description!.Ja);
    }
}
