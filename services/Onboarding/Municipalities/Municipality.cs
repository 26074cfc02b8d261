using System.Collections.Immutable;
using SharedServices.Contracts.Tenancy;

namespace SharedServices.Onboarding.Municipalities;

// Facts about a municipality's life on the platform, appended to its stream (keyed by its code).
public sealed record MunicipalityOnboarded(string Code, string Slug, string NameJa, string NameEn, TenantBranding Branding, IReadOnlyList<string> EnabledServices);
public sealed record MunicipalityProfileChanged(string Slug, string NameJa, string NameEn, TenantBranding Branding);
public sealed record MunicipalityServiceEnabled(string Service);
public sealed record MunicipalityServiceDisabled(string Service);
public sealed record MunicipalitySuspended(string Reason);
public sealed record MunicipalityResumed;
public sealed record MunicipalityOffboarded;

/// <summary>
/// A town (市町村) as the prefecture onboards it: a tenant of every shared service. Built from its
/// events; kept as an inline snapshot for lookups (by slug, for the list).
/// </summary>
public sealed record Municipality(
    string Id,
    string Slug,
    string NameJa,
    string NameEn,
    TenantBranding Branding,
    ImmutableSortedSet<string> EnabledServices,
    string Status,
    string? SuspensionReason)
{
    public long Version { get; set; }

    public static Municipality Create(MunicipalityOnboarded e) =>
        new(e.Code, e.Slug, e.NameJa, e.NameEn, e.Branding, [.. e.EnabledServices], TenantStatuses.Active, null);

    public Municipality Apply(MunicipalityProfileChanged e) =>
        this with { Slug = e.Slug, NameJa = e.NameJa, NameEn = e.NameEn, Branding = e.Branding };

    public Municipality Apply(MunicipalityServiceEnabled e) => this with { EnabledServices = EnabledServices.Add(e.Service) };

    public Municipality Apply(MunicipalityServiceDisabled e) => this with { EnabledServices = EnabledServices.Remove(e.Service) };

    public Municipality Apply(MunicipalitySuspended e) => this with { Status = TenantStatuses.Suspended, SuspensionReason = e.Reason };

    public Municipality Apply(MunicipalityResumed _) => this with { Status = TenantStatuses.Active, SuspensionReason = null };

    public Municipality Apply(MunicipalityOffboarded _) => this with { Status = TenantStatuses.Offboarded };

    /// <summary>The state after <paramref name="change"/>, by the same Apply methods Marten uses.</summary>
    public Municipality Then(object change) => change switch
    {
        MunicipalityProfileChanged e => Apply(e),
        MunicipalityServiceEnabled e => Apply(e),
        MunicipalityServiceDisabled e => Apply(e),
        MunicipalitySuspended e => Apply(e),
        MunicipalityResumed e => Apply(e),
        MunicipalityOffboarded e => Apply(e),
        _ => throw new ArgumentException($"{change.GetType().Name} is not a change of a municipality.", nameof(change)),
    };

    public TenantSnapshot ToSnapshot(long version) =>
        new(Id, Slug, NameJa, NameEn, Branding, [.. EnabledServices], Status, version);
}
