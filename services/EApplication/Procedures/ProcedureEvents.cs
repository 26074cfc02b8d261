namespace SharedServices.EApplication.Procedures;

// Definitions travel as JSON (FormJson): a published version is stored exactly as it was published,
// whatever later changes to the C# model, so no later change can reinterpret a submission's form.

/// <summary>The prefecture published a version of a shared template (県 共通様式). Stream: the template, prefecture tenant.</summary>
public sealed record TemplateVersionPublished(string TemplateKey, int Version, string DefinitionJson, DateTimeOffset At);

/// <summary>A town took a template as one of its procedures (copy-on-adopt) and subscribed to its new versions.</summary>
public sealed record ProcedureAdopted(string Key, string TemplateKey, int TemplateVersion, string By, DateTimeOffset At);

/// <summary>A town made a procedure of its own, from scratch.</summary>
public sealed record ProcedureCreated(string Key, string DefinitionJson, string By, DateTimeOffset At);

/// <summary>The town's adaptations of an adopted template (FormOverrides as JSON).</summary>
public sealed record OverridesChanged(string OverridesJson, string By, DateTimeOffset At);

/// <summary>A new immutable version, open to residents from now on.</summary>
public sealed record ProcedureVersionPublished(int Version, string DefinitionJson, int? TemplateVersion, string By, DateTimeOffset At);

/// <summary>The prefecture published a newer version of the adopted template; the town decides.</summary>
public sealed record TemplateUpdateOffered(int TemplateVersion, DateTimeOffset At);

/// <summary>The town keeps its version of the form for now.</summary>
public sealed record TemplateUpdateKept(int TemplateVersion, string By, DateTimeOffset At);
