using SharedServices.Contracts.Tenancy;

namespace SharedServices.Tenancy;

/// <summary>
/// A tenant (a town, or the prefecture itself as operator) as a service knows it from its local
/// registry. Stored as a Marten document shared by all tenants (it is the list of tenants).
/// </summary>
/// <param name="Id">全国地方公共団体コード; the tenant id in every store and message.</param>
public sealed record TenantInfo(
    string Id,
    string Slug,
    string NameJa,
    string NameEn,
    TenantBranding Branding,
    IReadOnlyList<string> EnabledServices,
    string Status,
    long Version)
{
    public bool IsActive => Status == TenantStatuses.Active;

    public static TenantInfo From(TenantSnapshot s) =>
        new(s.Code, s.Slug, s.NameJa, s.NameEn, s.Branding, s.EnabledServices, s.Status, s.Version);
}
