using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>The portal's authorization request for a town: as OidcBrowser's, plus <c>tenant</c> and a redirect URI of choice.</summary>
public static class TownBrowsing
{
    public static Task<HttpResponseMessage> AuthorizeFor(
        this OidcBrowser browser, string? tenant, string redirectUri = OidcBrowser.PortalRedirectUri, string state = "xyz")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = "portal",
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = OidcBrowser.Scopes,
            ["state"] = state,
            ["code_challenge"] = Pkce.Create().Challenge,
            ["code_challenge_method"] = "S256",
        };
        if (tenant is not null)
        {
            query["tenant"] = tenant;
        }
        return browser.Http.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", query));
    }

    /// <summary>Authorize for <paramref name="tenant"/>, and the login page it sends the browser to.</summary>
    public static async Task<Uri> LoginPageFor(this OidcBrowser browser, string? tenant)
    {
        var challenge = await browser.AuthorizeFor(tenant);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal("/Account/Login", challenge.Headers.Location!.AbsolutePath);
        return challenge.Headers.Location;
    }

    /// <summary>The whole sign-in at <paramref name="tenant"/>: the code on the redirect back to the portal.</summary>
    public static async Task<string> SignInAt(this OidcBrowser browser, string? tenant, string loginName, string password)
    {
        var signedIn = await browser.SubmitLogin(await browser.LoginPageFor(tenant), loginName, password);
        Assert.True(HttpStatusCode.Redirect == signedIn.StatusCode, await signedIn.Content.ReadAsStringAsync());
        var next = signedIn.Headers.Location!;
        // Operators and town admins/staff answer a second factor (here: enrolling a new app).
        if (next.OriginalString.StartsWith("/Account/EnrollTotp", StringComparison.Ordinal)
            || next.OriginalString.StartsWith("/Account/Totp", StringComparison.Ordinal))
        {
            var verified = await browser.SubmitSecondFactor(next, new TotpAuthenticator());
            Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
            next = verified.Headers.Location!;
        }
        return OidcBrowser.CodeFrom(await browser.Http.GetAsync(next));
    }
}
