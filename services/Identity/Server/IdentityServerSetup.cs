using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Jpki;
using SharedServices.Identity.Seeding;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Server;

public static class IdentityServerSetup
{
    public const string AuthorizationPath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string EndSessionPath = "/connect/endsession";
    public const string UserInfoPath = "/connect/userinfo";
    public const string RevocationPath = "/connect/revoke";

    /// <summary>The OpenID Connect server, its sign-in cookie, accounts, the development seed and the portal's redirect URIs.</summary>
    public static IHostApplicationBuilder AddIdentityServer(this IHostApplicationBuilder builder)
    {
        builder.AddIdentityDatabase();

        // The browser's session at the identity service itself: set by /Account/Login (or, for
        // accounts that need a second factor, by the TOTP pages), read by the authorization endpoint.
        // Clients never see it; they get tokens.
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/Account/Login";
                options.Cookie.Name = "ss_identity";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        PendingSignIn.AddPendingSignInCookie(authentication);
        builder.Services.AddAuthorization();

        var certificates = ServerCertificates.Load(builder);
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDatabase>())
            .AddServer(server =>
            {
                // Discovery (/.well-known/openid-configuration) and JWKS (/.well-known/jwks) are on by default.
                // The issuer is the address people and services reach this service at (behind the gateway,
                // the gateway's), never taken from a request's Host: a token says the same issuer however
                // it was asked for, and a forged Host cannot change it.
                if (builder.Configuration["Identity:PublicUrl"] is { Length: > 0 } publicUrl)
                {
                    server.SetIssuer(new Uri(publicUrl.TrimEnd('/') + "/"));
                }
                server.SetAuthorizationEndpointUris(AuthorizationPath)
                    .SetTokenEndpointUris(TokenPath)
                    .SetEndSessionEndpointUris(EndSessionPath)
                    .SetUserInfoEndpointUris(UserInfoPath)
                    // RFC 7009: a client gives up a refresh or access token (sign-out, a lost device).
                    .SetRevocationEndpointUris(RevocationPath);

                server.AllowAuthorizationCodeFlow()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                // Every code flow proves possession of its code verifier (RFC 7636), public or confidential.
                server.RequireProofKeyForCodeExchange();
                // S256 only: a "plain" challenge is the verifier itself, readable wherever the code is.
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                // Rolling refresh tokens (OpenIddict's default): each refresh returns a new one and
                // redeems the old. No reuse leeway: a refresh token used twice is refused at once,
                // which is how a stolen and replayed one shows itself.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, PlatformScope.Name);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.Role, AccountClaims.Tenant,
                    Claims.AuthenticationMethodReference, Claims.AuthenticationContextReference, AccountClaims.AssuranceLevel, Claims.Email);

                certificates.AddTo(server);
                // Plain signed JWTs: the platform's own services validate access tokens with the JWKS
                // alone and hold no decryption key (an encrypted token would need the private key on
                // every service). Codes and refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (builder.Environment.IsDevelopment())
                {
                    // Local runs and tests speak plain HTTP on 127.0.0.1; elsewhere TLS is required.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            // The identity service's own operator API (a town's accounts, exported when it leaves) takes
            // bearer tokens of its own issuing, for its own audience.
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences("identity");
                validation.UseAspNetCore();
            });

        builder.Services.AddAuthorizationErrorProblems();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddSingleton<TotpSecrets>();
        builder.Services.AddScoped<TotpSignIn>();
        // In this order: the clients, the demo accounts (Development), the first operator (while there is none).
        builder.Services.AddHostedService<PlatformClients>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<DevelopmentSeed>();
            // A FAKE: no real JPKI check can run here. Elsewhere no verifier is registered, and the
            // assurance page says that verification by マイナンバーカード is not available.
            builder.Services.AddSingleton<IJpkiVerifier, DevelopmentJpkiVerifier>();
        }
        builder.Services.AddHostedService<FirstOperator>();
        // The start-up work that writes is done: the next instance starting may take its turn (StartupTurn).
        builder.Services.AddHostedService<Data.StartupTurn.Give>();
        // After PlatformClients, which creates the portal client.
        builder.Services.AddHostedService<PortalClientRedirects>();
        return builder;
    }
}
