namespace SharedServices.Contracts.Tenancy;

// Integration events published by the onboarding service whenever a municipality (tenant) changes.
// Every event carries the whole tenant as it stands after the change, with its stream version, so
// a consumer can upsert its local registry whatever the order or number of deliveries.
// Published records are never changed: a new shape gets a new name (e.g. TenantOnboardedV2).

/// <summary>A municipality as every service needs to know it.</summary>
/// <param name="Code">全国地方公共団体コード, 6 digits with check digit; the tenant id everywhere.</param>
/// <param name="Version">Version of the tenant's stream after this change; higher wins.</param>
public sealed record TenantSnapshot(
    string Code,
    string Slug,
    string NameJa,
    string NameEn,
    TenantBranding Branding,
    IReadOnlyList<string> EnabledServices,
    string Status,
    long Version);

/// <summary>Town branding shown by the portal.</summary>
public sealed record TenantBranding(string PrimaryColor, string AccentColor, string? LogoUrl = null);

/// <summary>A town's administrator named by the prefecture: the e-mail address is also the login name.</summary>
public sealed record TenantAdmin(string Email, string DisplayName);

/// <summary>Lifecycle states of a tenant, as strings on the wire.</summary>
public static class TenantStatuses
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Offboarded = "offboarded";
}

/// <summary>Service keys a town can enable.</summary>
public static class PlatformServices
{
    public const string EApplication = "e-application";
    public const string Points = "points";
    public const string Talent = "talent";

    public static readonly IReadOnlyList<string> All = [EApplication, Points, Talent];
}

public interface ITenantChanged : IIntegrationEvent
{
    TenantSnapshot Tenant { get; }
}

/// <summary>A town joined the platform.</summary>
/// <param name="FirstAdmin">
/// Whom the identity service invites as the town's first administrator, if the prefecture named
/// someone. A later, optional member: events published before it existed read as null, and
/// consumers that do not know it ignore it, so the record keeps its name.
/// </param>
public sealed record TenantOnboarded(TenantSnapshot Tenant, TenantAdmin? FirstAdmin = null) : ITenantChanged;
public sealed record TenantProfileChanged(TenantSnapshot Tenant) : ITenantChanged;
public sealed record TenantServiceEnabled(TenantSnapshot Tenant, string Service) : ITenantChanged;
public sealed record TenantServiceDisabled(TenantSnapshot Tenant, string Service) : ITenantChanged;
public sealed record TenantSuspended(TenantSnapshot Tenant, string Reason) : ITenantChanged;
public sealed record TenantResumed(TenantSnapshot Tenant) : ITenantChanged;
public sealed record TenantOffboarded(TenantSnapshot Tenant) : ITenantChanged;

/// <summary>
/// The whole tenant again, sent in answer to <see cref="TenantDirectoryRequested"/>: how a service that
/// starts for the first time, after towns were onboarded, learns them.
/// </summary>
public sealed record TenantRestated(TenantSnapshot Tenant) : ITenantChanged;

/// <summary>
/// A service with an empty tenant registry asks the onboarding service to restate every tenant.
/// A request, not a fact: published straight to the bus (not through the outbox), in the prefecture's scope.
/// </summary>
public sealed record TenantDirectoryRequested(string RequestedBy);

/// <summary>
/// An offboarded town's retention period is over (保存期間の満了): every service deletes all of the town's
/// data it holds, then says so with <see cref="TenantDataDeleted"/>. Published by the onboarding service;
/// a service deletes only a town its registry knows as offboarded.
/// </summary>
public sealed record TenantDataDeletionDue(string TenantId, DateTimeOffset OffboardedAt, DateTimeOffset DueAt) : IIntegrationEvent;

/// <summary>A service deleted all it held of an offboarded town: <paramref name="Rows"/> rows, in every table that holds towns' data.</summary>
public sealed record TenantDataDeleted(string TenantId, string Service, long Rows, DateTimeOffset DeletedAt) : IIntegrationEvent;
