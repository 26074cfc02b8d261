using Microsoft.Extensions.Configuration;

namespace SharedServices.Tenancy;

/// <summary>
/// The prefecture hosting the platform (<c>Platform:PrefectureCode</c>). What it shares with every town
/// lives in its own tenant (e-application's form templates, the points service's merchant registry).
/// </summary>
public sealed record Prefecture(string Code)
{
    public static Prefecture From(IConfiguration configuration) =>
        configuration["Platform:PrefectureCode"] is { } code && MunicipalityCode.IsValid(code)
            ? new(code)
            : throw new InvalidOperationException("Platform:PrefectureCode must be the prefecture's 地方公共団体コード.");

    /// <summary>Runs what follows in the prefecture's tenant (a session opened inside is the prefecture's).</summary>
    public IDisposable Scope() => CurrentTenant.Change(Code);
}
