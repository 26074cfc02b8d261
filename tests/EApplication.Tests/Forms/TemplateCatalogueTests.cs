using System.Text.Json.Nodes;
using SharedServices.EApplication.Forms;
using static SharedServices.EApplication.Tests.Forms.Sample;

namespace SharedServices.EApplication.Tests.Forms;

/// <summary>The six seed templates: each passes the checks, a realistic application validates, a broken one fails where expected.</summary>
public sealed class TemplateCatalogueTests
{
    private static readonly FormTemplateCatalogue Catalogue = new();

    private const string Photo1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string Photo2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    public static readonly TheoryData<string> Keys = new(
        FormTemplateCatalogue.ChildAllowance, FormTemplateCatalogue.NurseryAdmission, FormTemplateCatalogue.DisasterCertificate,
        FormTemplateCatalogue.BulkyWaste, FormTemplateCatalogue.DogRegistration, FormTemplateCatalogue.WaterService);

    [Fact]
    public void The_catalogue_holds_the_six_templates()
    {
        Assert.Equal(
            ["bulky-waste", "child-allowance", "disaster-certificate", "dog-registration", "nursery-admission", "water-service"],
            Catalogue.All.Select(t => t.Key));
        Assert.Null(Catalogue.Find("no-such-form"));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_template_passes_the_definition_checks(string key)
    {
        var template = Catalogue.Find(key)!;
        Assert.Empty(DefinitionChecks.Check(template));
        Assert.Equal(1, template.Version);
        Assert.Null(template.BasedOn);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_template_speaks_Japanese_and_English(string key)
    {
        var template = Catalogue.Find(key)!;
        var texts = new List<LocalizedText?> { template.Title, template.Description };
        texts.AddRange(template.Sections.Select(s => s.Title));
        texts.AddRange(template.Fields.SelectMany(f => new[] { f.Label, f.Help, f.PatternHint, f.Unit }));
        texts.AddRange(template.Fields.SelectMany(f => f.Options ?? []).Select(o => o.Label));
        Assert.All(texts.OfType<LocalizedText>(), text =>
        {
            Assert.False(string.IsNullOrWhiteSpace(text.Ja));
            Assert.False(string.IsNullOrWhiteSpace(text.En), $"No English for {text.Ja}");
        });
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_template_asks_for_furigana_in_zenkaku_katakana_and_never_a_My_Number(string key)
    {
        var template = Catalogue.Find(key)!;
        Assert.Contains(template.Fields, f => f.Key.EndsWith("NameKana", StringComparison.Ordinal) || f.Key == "nameKana");
        Assert.All(template.Fields.Where(f => f.Key.EndsWith("Kana", StringComparison.Ordinal)), f => Assert.Equal(KanaRule.ZenkakuKatakana, f.Kana));
        Assert.DoesNotContain(template.Fields, f => f.Label.Ja.Contains("個人番号", StringComparison.Ordinal) || f.Key.Contains("myNumber", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_template_reads_back_as_written(string key)
    {
        var template = Catalogue.Find(key)!;
        Assert.Equal(FormJson.Write(template), FormJson.Write(FormJson.Read(FormJson.Write(template))));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_realistic_application_validates(string key)
    {
        var check = Validate(Catalogue.Find(key)!, Filled[key].ToJsonString());
        Assert.True(check.IsValid, string.Join(Environment.NewLine, check.Errors));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_broken_application_fails_with_the_expected_field_errors(string key)
    {
        var (answers, expected) = Broken[key]();
        var check = Validate(Catalogue.Find(key)!, answers.ToJsonString());
        Assert.Equal(expected, check.Errors.Select(e => $"{e.Field}:{e.Code}"));
        Assert.All(check.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.MessageJa) || string.IsNullOrWhiteSpace(e.MessageEn)));
    }

    [Fact]
    public void Assurance_levels_follow_what_a_town_would_want()
    {
        Assert.Equal(AssuranceLevel.Ial3, Catalogue.Find(FormTemplateCatalogue.ChildAllowance)!.RequiredAssurance);
        Assert.Equal(AssuranceLevel.Ial2, Catalogue.Find(FormTemplateCatalogue.NurseryAdmission)!.RequiredAssurance);
        Assert.Equal(AssuranceLevel.Ial2, Catalogue.Find(FormTemplateCatalogue.DisasterCertificate)!.RequiredAssurance);
        Assert.Equal(AssuranceLevel.Ial1, Catalogue.Find(FormTemplateCatalogue.BulkyWaste)!.RequiredAssurance);
    }

    [Fact]
    public void Disaster_photos_are_limited_for_the_upload_endpoint()
    {
        var limits = Catalogue.Find(FormTemplateCatalogue.DisasterCertificate)!.FileLimitsFor("damagePhotos")!;
        Assert.Equal((10 * 1024 * 1024L, 10), (limits.MaxBytes, limits.MaxFiles));
        Assert.True(limits.Allows("image/heic", 3_000_000));
        Assert.False(limits.Allows("application/pdf", 3_000_000));
    }

    [Fact]
    public void Water_start_and_stop_show_different_dates()
    {
        var water = Catalogue.Find(FormTemplateCatalogue.WaterService)!;
        var stop = Filled[FormTemplateCatalogue.WaterService].DeepClone().AsObject();
        stop["service"] = "stop";

        var check = Validate(water, stop.ToJsonString());

        Assert.Equal(["stopDate:required", "settlement:required"], check.Errors.Select(e => $"{e.Field}:{e.Code}"));

        stop["stopDate"] = "2025-04-10";
        stop["settlement"] = "sameAsNow";
        var valid = Validate(water, stop.ToJsonString());
        Assert.True(valid.IsValid);
        Assert.Null(valid.Answers!["startDate"]); // the start date is hidden now, so not stored
    }

    [Fact]
    public void A_town_can_adapt_a_seed_template_and_publish_it()
    {
        var template = Catalogue.Find(FormTemplateCatalogue.BulkyWaste)!;
        var adapted = Adaptation.Apply(template, new FormOverrides
        {
            RemovedFields = ["itemPhotos"],
            ChangedFields = [new("preferredDate") { Help = new("金山町の収集日は毎月第2・第4水曜日です。", "Kaneyama collects on the 2nd and 4th Wednesday.") }],
            AddedFields = [new("applicant", Sample.Choice("district", "kaneyama", "arikura", "nakada") with { Label = new("地区", "District"), Required = true }, After: "address")],
        }, version: 1);

        Assert.True(adapted.CanPublish, DefinitionChecks.Describe(adapted.Problems));
        Assert.Empty(adapted.Conflicts);
        var answers = Filled[FormTemplateCatalogue.BulkyWaste].DeepClone().AsObject();
        answers.Remove("itemPhotos");
        Assert.Equal(["district:required"], Validate(adapted.Definition, answers.ToJsonString()).Errors.Select(e => $"{e.Field}:{e.Code}"));
        answers["district"] = "arikura";
        Assert.True(Validate(adapted.Definition, answers.ToJsonString()).IsValid);
    }

    // Today is 2025-04-01 (令和7年4月1日) in these examples.
    private static readonly Dictionary<string, JsonObject> Filled = new()
    {
        [FormTemplateCatalogue.ChildAllowance] = new()
        {
            ["name"] = "山形 花子", ["nameKana"] = "ヤマガタ ハナコ", ["postalCode"] = "999-5402", ["address"] = "山形県最上郡金山町大字金山324番地1",
            ["phone"] = "0233-52-2111", ["email"] = "hanako@example.jp", ["birthDate"] = "1992-06-15", ["pension"] = "employees",
            ["hasSpouse"] = "yes", ["spouseName"] = "山形 太郎", ["spouseNameKana"] = "ヤマガタ タロウ", ["spouseBirthDate"] = "1990-11-03",
            ["childCount"] = "2",
            ["child1Name"] = "山形 陽菜", ["child1NameKana"] = "ヤマガタ ヒナ", ["child1BirthDate"] = "2025-03-20", ["child1Relationship"] = "child", ["child1LivesWithYou"] = "together",
            ["child2Name"] = "山形 蓮", ["child2NameKana"] = "ヤマガタ レン", ["child2BirthDate"] = "2021-09-09",
            ["bankName"] = "きらやか銀行", ["branchName"] = "金山支店", ["accountType"] = "ordinary", ["accountNumber"] = "1234567", ["accountHolderKana"] = "ヤマガタ ハナコ",
            ["bankbookCopy"] = new JsonArray(Photo1), ["agree"] = true,
        },
        [FormTemplateCatalogue.NurseryAdmission] = new()
        {
            ["name"] = "佐藤 美咲", ["nameKana"] = "サトウ ミサキ", ["postalCode"] = "998-0044", ["address"] = "山形県酒田市中町一丁目4番10号",
            ["phone"] = "090-1234-5678", ["relationship"] = "mother",
            ["childName"] = "佐藤 結衣", ["childNameKana"] = "サトウ ユイ", ["childBirthDate"] = "2024-05-10", ["hasAllergy"] = true, ["allergyDetail"] = "卵(医師の診断書あり)",
            ["startDate"] = "2025-06-01", ["firstChoice"] = "中町保育園", ["secondChoice"] = "若竹こども園",
            ["reason"] = "work", ["workplace"] = "株式会社さかた物産", ["workHoursPerMonth"] = 120, ["employmentCertificate"] = new JsonArray(Photo1),
            ["agree"] = true,
        },
        [FormTemplateCatalogue.DisasterCertificate] = new()
        {
            ["name"] = "鈴木 一郎", ["nameKana"] = "スズキ イチロウ", ["postalCode"] = "999-5312", ["address"] = "山形県最上郡戸沢村大字古口270番地",
            ["phone"] = "0233-72-2111", ["applicantRole"] = "self",
            ["disasterName"] = "令和7年3月の大雪", ["damagedOn"] = "2025-03-15", ["propertyAddress"] = "山形県最上郡戸沢村大字古口270番地",
            ["propertyKind"] = "house", ["ownership"] = "owned", ["damageKinds"] = new JsonArray("snow", "flood"), ["floodLevel"] = "belowFloor",
            ["damageDescription"] = "屋根の雪の重みで車庫の屋根が破損。融雪水が床下に浸水。",
            ["damagePhotos"] = new JsonArray(Photo1, Photo2),
            ["purposes"] = new JsonArray("insurance", "taxRelief"), ["copies"] = 2, ["delivery"] = "post", ["agree"] = true,
        },
        [FormTemplateCatalogue.BulkyWaste] = new()
        {
            ["name"] = "高橋 健", ["nameKana"] = "タカハシ ケン", ["postalCode"] = "999-5402", ["address"] = "山形県最上郡金山町大字金山100番地",
            ["phone"] = "080-9876-5432",
            ["items"] = new JsonArray("sofa", "stove"), ["itemCount"] = 2, ["stoveEmptied"] = true, ["itemPhotos"] = new JsonArray(Photo1),
            ["preferredDate"] = "2025-04-09", ["pickupPlace"] = "doorstep", ["agree"] = true,
        },
        [FormTemplateCatalogue.DogRegistration] = new()
        {
            ["name"] = "伊藤 さくら", ["nameKana"] = "イトウ サクラ", ["postalCode"] = "992-0012", ["address"] = "山形県米沢市金池五丁目2番25号",
            ["phone"] = "0238-22-5111", ["procedure"] = "register",
            ["dogName"] = "こむぎ", ["breed"] = "柴", ["coatColor"] = "赤", ["sex"] = "female", ["dogBirthDate"] = "2024-12-01",
            ["microchipNumber"] = "392141234567890",
            ["acquiredOn"] = "2025-03-20", ["rabiesVaccinatedOn"] = "2025-03-25", ["vaccinationCertificate"] = new JsonArray(Photo1), ["agree"] = true,
        },
        [FormTemplateCatalogue.WaterService] = new()
        {
            ["name"] = "渡辺 翔太", ["nameKana"] = "ワタナベ ショウタ", ["phone"] = "090-2222-3333", ["service"] = "start",
            ["postalCode"] = "999-2292", ["address"] = "山形県南陽市三間通436番地1 コーポ南陽 201号室",
            ["startDate"] = "2025-04-07", ["payment"] = "directDebit",
        },
    };

    private static readonly Dictionary<string, Func<(JsonObject, string[])>> Broken = new()
    {
        [FormTemplateCatalogue.ChildAllowance] = () =>
        {
            var a = Filled[FormTemplateCatalogue.ChildAllowance].DeepClone().AsObject();
            a["nameKana"] = "やまがた はなこ"; // not katakana
            a["accountNumber"] = "12345"; // not 7 digits
            a["childCount"] = "3"; // now further children must be listed
            a["agree"] = false;
            return (a, ["nameKana:kana", "otherChildren:required", "accountNumber:pattern", "agree:mustBeChecked"]);
        },
        [FormTemplateCatalogue.NurseryAdmission] = () =>
        {
            var a = Filled[FormTemplateCatalogue.NurseryAdmission].DeepClone().AsObject();
            a.Remove("allergyDetail");
            a["workHoursPerMonth"] = 800;
            a["startDate"] = "2025-03-01"; // in the past
            a["phone"] = "1234";
            return (a, ["phone:invalidPhone", "allergyDetail:required", "startDate:dateTooEarly", "workHoursPerMonth:tooBig"]);
        },
        [FormTemplateCatalogue.DisasterCertificate] = () =>
        {
            var a = Filled[FormTemplateCatalogue.DisasterCertificate].DeepClone().AsObject();
            a["damageKinds"] = new JsonArray("other"); // その他 → 詳細 needed; the flood level is hidden now
            a["damagedOn"] = "2025-04-02"; // in the future
            a["damagePhotos"] = new JsonArray();
            a["copies"] = 0;
            return (a, ["damagedOn:dateTooLate", "otherDamage:required", "damagePhotos:required", "copies:tooSmall"]);
        },
        [FormTemplateCatalogue.BulkyWaste] = () =>
        {
            var a = Filled[FormTemplateCatalogue.BulkyWaste].DeepClone().AsObject();
            a["items"] = new JsonArray("sofa", "tv"); // テレビ is not collected
            a["postalCode"] = "9995402x";
            a["preferredDate"] = "2025-04-02"; // less than a week ahead
            return (a, ["postalCode:invalidPostalCode", "items:notAnOption", "preferredDate:dateTooEarly"]);
        },
        [FormTemplateCatalogue.DogRegistration] = () =>
        {
            var a = Filled[FormTemplateCatalogue.DogRegistration].DeepClone().AsObject();
            a["procedure"] = "death"; // registration fields are hidden, death fields needed
            a["myNumber"] = "123456789012";
            return (a, ["myNumber:unknownField", "registrationNumber:required", "diedOn:required", "tagReturn:required"]);
        },
        [FormTemplateCatalogue.WaterService] = () =>
        {
            var a = Filled[FormTemplateCatalogue.WaterService].DeepClone().AsObject();
            a["startDate"] = "2025-04-02"; // less than three days ahead
            a["nameKana"] = "ﾜﾀﾅﾍﾞ ｼｮｳﾀ"; // half-width
            a["email"] = "shota@";
            return (a, ["nameKana:kana", "email:invalidEmail", "startDate:dateTooEarly"]);
        },
    };
}
