using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Validation.AspNetCore;

namespace SharedServices.Web;

/// <summary>Roles in the platform's tokens (the identity service's account kinds).</summary>
public static class PlatformRoles
{
    public const string Operator = "operator";
    public const string TownAdmin = "townAdmin";
    public const string TownStaff = "townStaff";
    public const string Resident = "resident";
    public const string Merchant = "merchant";
    /// <summary>Shared digital talent (デジタル人材): belongs to no town, works for several.</summary>
    public const string Talent = "talent";
}

public static class PlatformAuthentication
{
    /// <summary>
    /// Bearer tokens from the identity service, validated by OpenIddict: issuer (<c>Identity:Issuer</c>),
    /// audience (this service), lifetime and signature against the published keys (fetched on first
    /// use, so a service starts without the identity service). A missing, expired or forged token
    /// leaves the request anonymous; the endpoints decide (401/403). The token's <c>tenant</c> claim
    /// is checked against the addressed town by the tenant resolution (403 on a mismatch).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder, string audience)
    {
        builder.AddPlatformTokenValidation(audience);
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// The token validation alone (scheme <see cref="OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme"/>),
    /// for a service whose default sign-in is something else (the portal's cookie): it must still
    /// make the bearer scheme the one that authenticates requests carrying a token, so that the
    /// tenant claim check sees that token's town.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTokenValidation(this IHostApplicationBuilder builder, string audience)
    {
        var issuer = builder.Configuration["Identity:Issuer"]
            ?? throw new InvalidOperationException("Identity:Issuer is not set: the address of the identity service.");
        builder.Services.AddOpenIddict().AddValidation(validation =>
        {
            validation.SetIssuer(issuer);
            validation.AddAudiences(audience);
            validation.UseSystemNetHttp();
            validation.UseAspNetCore();
        });
        return builder;
    }
}
