using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Procedures;

/// <summary>
/// One of a town's procedures (手続き), kept inline as the snapshot of its stream (id = its key):
/// where it came from, the town's adaptations, and the version residents apply with now.
/// </summary>
public sealed class Procedure
{
    public string Id { get; set; } = "";

    /// <summary>The prefecture template it was adopted from; null for the town's own forms.</summary>
    public string? TemplateKey { get; set; }

    /// <summary>The template version the town's form is based on now.</summary>
    public int? TemplateVersion { get; set; }

    public string OverridesJson { get; set; } = "{}";

    /// <summary>The draft of a town's own form (the next version to publish).</summary>
    public string? OwnDefinitionJson { get; set; }

    public int PublishedVersion { get; set; }

    public string? TitleJa { get; set; }

    public string? TitleEn { get; set; }

    public AssuranceLevel RequiredAssurance { get; set; } = AssuranceLevel.Ial1;

    /// <summary>A newer template version waiting for the town's decision.</summary>
    public int? OfferedTemplateVersion { get; set; }

    public bool IsPublished => PublishedVersion > 0;

    public FormOverrides Overrides => System.Text.Json.JsonSerializer.Deserialize<FormOverrides>(OverridesJson, FormJson.Options) ?? FormOverrides.None;

    public void Apply(ProcedureAdopted e)
    {
        Id = e.Key;
        TemplateKey = e.TemplateKey;
        TemplateVersion = e.TemplateVersion;
    }

    public void Apply(ProcedureCreated e)
    {
        Id = e.Key;
        OwnDefinitionJson = e.DefinitionJson;
    }

    public void Apply(OverridesChanged e) => OverridesJson = e.OverridesJson;

    public void Apply(ProcedureVersionPublished e)
    {
        var definition = FormJson.Read(e.DefinitionJson);
        PublishedVersion = e.Version;
        TitleJa = definition.Title.Ja;
        TitleEn = definition.Title.En;
        RequiredAssurance = definition.RequiredAssurance;
        if (e.TemplateVersion is { } templateVersion)
        {
            TemplateVersion = templateVersion;
            if (OfferedTemplateVersion <= templateVersion)
            {
                OfferedTemplateVersion = null;
            }
        }
    }

    public void Apply(TemplateUpdateOffered e)
    {
        if (e.TemplateVersion > (TemplateVersion ?? 0))
        {
            OfferedTemplateVersion = e.TemplateVersion;
        }
    }

    public void Apply(TemplateUpdateKept e)
    {
        if (OfferedTemplateVersion == e.TemplateVersion)
        {
            OfferedTemplateVersion = null;
        }
    }
}

/// <summary>A published version of a procedure's form, exactly as published (id <c>{key}@{version}</c>).</summary>
public sealed class PublishedForm
{
    public string Id { get; set; } = "";

    public string DefinitionJson { get; set; } = "";

    public static string IdOf(string key, int version) => $"{key}@{version}";
}

/// <summary>The prefecture's template, as the snapshot of its stream (prefecture tenant, id = its key).</summary>
public sealed class FormTemplate
{
    public string Id { get; set; } = "";

    public int LatestVersion { get; set; }

    public string LatestDefinitionJson { get; set; } = "";

    public void Apply(TemplateVersionPublished e)
    {
        Id = e.TemplateKey;
        LatestVersion = e.Version;
        LatestDefinitionJson = e.DefinitionJson;
    }
}

/// <summary>A town subscribed to a template's new versions (kept in the prefecture's tenant, id <c>{template}/{town}</c>).</summary>
public sealed class TemplateSubscription
{
    public string Id { get; set; } = "";

    public string TemplateKey { get; set; } = "";

    public string TownCode { get; set; } = "";

    public static string IdOf(string template, string town) => $"{template}/{town}";
}
