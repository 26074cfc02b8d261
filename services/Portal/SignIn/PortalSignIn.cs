using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OpenIddict.Validation.AspNetCore;
using SharedServices.Portal.Shell;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Portal.SignIn;

/// <summary>
/// The portal signs people in through the identity service (OpenID Connect, authorization code with
/// PKCE) and keeps them signed in with a cookie of the town they signed into. Each town is its own
/// sign-in: its callback is under the town's address (<c>{town}/signin-oidc</c>), its cookie is named
/// after it, and the identity service is told which town (<c>tenant</c>) so it can brand its pages and
/// refuse accounts of other towns. The prefecture console is the sign-in at the plain address.
/// </summary>
public static class PortalSignIn
{
    /// <summary>The authorization-request parameter naming the town being signed into (its code).</summary>
    public const string TenantParameter = "tenant";

    private const string SessionOrToken = "SessionOrToken";

    public static IHostApplicationBuilder AddPortalSignIn(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var issuer = configuration["Identity:Issuer"]
            ?? throw new InvalidOperationException("Identity:Issuer is not set: the address of the identity service.");

        // APIs of the portal take bearer tokens of its audience; pages take the cookie.
        builder.AddPlatformTokenValidation("portal");
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = SessionOrToken;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            // A request carrying a token is authenticated by it, so the tenant claim check (after
            // authentication) sees the token's town, not only the cookie's.
            .AddPolicyScheme(SessionOrToken, "Cookie session or bearer token", options => options.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "ss_portal";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.CookieManager = new TownCookieManager();
                options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/access-denied";
                options.Events.OnValidatePrincipal = RefuseAnotherTownsSession;
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = issuer;
                options.RequireHttpsMetadata = configuration.GetValue("Identity:RequireHttpsMetadata", true);
                options.ClientId = configuration["Identity:Portal:ClientId"] ?? "portal";
                options.ClientSecret = configuration["Identity:Portal:ClientSecret"];
                options.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back in the redirect's query (a plain 302), not by form_post: that answer is
                // a page with an inline script, which the gateway's content security policy refuses in front
                // of the identity service. PKCE binds the code to this browser; it is used once, at once.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.DisableTelemetry = true; // no x-client-SKU / x-client-ver on every redirect
                options.Scope.Clear();
                options.Scope.Add(OpenIdConnectScope.OpenId);
                options.Scope.Add("profile");
                options.Scope.Add("platform");
                // The access token calls the platform's APIs on the user's behalf; the id token ends the session.
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "role";
                options.Events.OnRedirectToIdentityProvider = NameTheTownAndLanguage;
                options.Events.OnTokenValidated = RefuseAccountsOfAnotherTown;
                options.Events.OnRemoteFailure = ExplainFailedSignIn;
            });

        builder.Services.AddAuthorization(options =>
        {
            options.AddPolicy(PortalAreas.Resident, policy => policy
                .RequireRole(PlatformRoles.Resident)
                .AddRequirements(new TownAddressedRequirement(true)));
            options.AddPolicy(PortalAreas.TownConsole, policy => policy
                .RequireRole(PlatformRoles.TownAdmin, PlatformRoles.TownStaff)
                .AddRequirements(new TownAddressedRequirement(true)));
            options.AddPolicy(PortalAreas.PrefectureConsole, policy => policy
                .RequireRole(PlatformRoles.Operator)
                .AddRequirements(new TownAddressedRequirement(false)));
            options.AddPolicy(PortalAreas.Merchant, policy => policy
                .RequireRole(PlatformRoles.Merchant)
                .AddRequirements(new TownAddressedRequirement(false)));
            options.AddPolicy(PortalAreas.Talent, policy => policy
                .RequireRole(PlatformRoles.Talent)
                .AddRequirements(new TownAddressedRequirement(false)));
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, TownAddressedHandler>();
        return builder;
    }

    private static Task NameTheTownAndLanguage(RedirectContext context)
    {
        if (context.HttpContext.Features.Get<ResolvedTenant>() is { } town)
        {
            context.ProtocolMessage.SetParameter(TenantParameter, town.Tenant.Id);
        }
        context.ProtocolMessage.UiLocales = PortalView.LanguageOf(context.HttpContext);
        return Task.CompletedTask;
    }

    // The identity service refuses them too; a session of the wrong town must never exist here.
    private static Task RefuseAccountsOfAnotherTown(TokenValidatedContext context)
    {
        var town = context.HttpContext.Features.Get<ResolvedTenant>()?.Tenant.Id;
        var claimed = context.Principal?.FindFirstValue(TenantClaim.Type);
        var isOperator = context.Principal?.IsInRole(PlatformRoles.Operator) == true;
        // Merchants (加盟店) are registered prefecture-wide: they sign in at the plain address, as operators do.
        var isMerchant = context.Principal?.IsInRole(PlatformRoles.Merchant) == true;
        // So are the talent (デジタル人材): they serve several towns, and have nothing under a town's address.
        var isTalent = context.Principal?.IsInRole(PlatformRoles.Talent) == true;
        var belongsHere = town is null
            ? isOperator || isMerchant || claimed is null
            : claimed == town || claimed is null && !isOperator && !isTalent;
        if (!belongsHere)
        {
            context.Fail(town is null ? SignInFailure.TownAccountAtPrefecture : isTalent ? SignInFailure.TalentAtTown : SignInFailure.AnotherTown);
        }
        return Task.CompletedTask;
    }

    private static Task RefuseAnotherTownsSession(CookieValidatePrincipalContext context)
    {
        var town = context.HttpContext.Features.Get<ResolvedTenant>()?.Tenant.Id;
        var claimed = context.Principal?.FindFirstValue(TenantClaim.Type);
        if (town is not null && claimed is not null && claimed != town)
        {
            context.RejectPrincipal();
        }
        return Task.CompletedTask;
    }

    // Without this a refused or cancelled sign-in would be an unhandled exception (500).
    private static Task ExplainFailedSignIn(RemoteFailureContext context)
    {
        var reason = context.Failure?.Message switch
        {
            SignInFailure.AnotherTown => SignInFailure.AnotherTown,
            SignInFailure.TownAccountAtPrefecture => SignInFailure.TownAccountAtPrefecture,
            SignInFailure.TalentAtTown => SignInFailure.TalentAtTown,
            _ when context.Request.Query["error"] == "access_denied" => "cancelled",
            _ => "failed",
        };
        context.Response.Redirect($"{context.Request.PathBase}/signin-failed?reason={reason}");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}

/// <summary>Why the portal refused a sign-in (the keys of the texts on /signin-failed).</summary>
public static class SignInFailure
{
    public const string AnotherTown = "another-town";
    public const string TownAccountAtPrefecture = "town-account";
    public const string TalentAtTown = "talent-account";
}
