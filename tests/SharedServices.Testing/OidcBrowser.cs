using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace SharedServices.Testing;

/// <summary>PKCE (RFC 7636): a random verifier and its S256 challenge.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new(verifier, Base64UrlTextEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>
/// A browser reduced to what the code flow needs: cookies, forms with their antiforgery token, and
/// redirects that the test follows one at a time.
/// </summary>
public sealed partial class OidcBrowser(Uri address, string redirectUri = OidcBrowser.PortalRedirectUri) : IDisposable
{
    public const string PortalRedirectUri = "http://localhost:5100/signin-oidc";
    public const string PortalPostLogoutUri = "http://localhost:5100/signout-callback-oidc";
    /// <summary>The portal's client secret in tests (Identity:Clients:Portal:Secret).</summary>
    public const string PortalSecret = "portal-test-secret";
    public const string Scopes = "openid profile offline_access platform";

    /// <summary>The portal's callback this browser's authorization requests name.</summary>
    public string RedirectUri { get; } = redirectUri;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
    {
        BaseAddress = address,
    };

    /// <summary>The portal's authorization request, as its OpenID Connect handler would send it.</summary>
    public Task<HttpResponseMessage> Authorize(Pkce? pkce, string state = "xyz", string clientId = "portal")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = Scopes,
            ["state"] = state,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = "S256";
        }
        return Http.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", query));
    }

    /// <summary>Opens the login page at <paramref name="loginPage"/> and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitLogin(Uri loginPage, string loginName, string password)
    {
        var page = await Http.GetAsync(loginPage);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>
        {
            ["LoginName"] = loginName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = HiddenValue(html, "__RequestVerificationToken"),
            ["ReturnUrl"] = HiddenValue(html, "ReturnUrl"),
        };
        return await Http.PostAsync(loginPage, new FormUrlEncodedContent(form));
    }

    /// <summary>The whole user-facing part of the code flow: authorize, sign in, back to authorize, the code.</summary>
    public async Task<string> SignInForCode(string loginName, string password, Pkce pkce)
    {
        var challenge = await Authorize(pkce);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal("/Account/Login", challenge.Headers.Location!.AbsolutePath);

        var signedIn = await SubmitLogin(challenge.Headers.Location, loginName, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.StartsWith("/connect/authorize?", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var issued = await Http.GetAsync(signedIn.Headers.Location);
        return CodeFrom(issued, redirectUri: RedirectUri);
    }

    /// <summary>
    /// The code flow for an account that needs a second factor: the password, then enrolling
    /// <paramref name="app"/> (the first time) or a code from it, then back to authorize for the code.
    /// </summary>
    public async Task<string> SignInWithTotpForCode(string loginName, string password, Pkce pkce, TotpAuthenticator app)
    {
        var challenge = await Authorize(pkce);
        var signedIn = await SubmitLogin(challenge.Headers.Location!, loginName, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var verified = await SubmitSecondFactor(signedIn.Headers.Location!, app);
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.StartsWith("/connect/authorize?", verified.Headers.Location!.OriginalString, StringComparison.Ordinal);

        return CodeFrom(await Http.GetAsync(verified.Headers.Location), redirectUri: RedirectUri);
    }

    /// <summary>
    /// An access token for an account: the whole code + PKCE flow (with a TOTP code from
    /// <paramref name="app"/> for accounts that need one; the first time, it is enrolled) and the code
    /// exchanged at the token endpoint as the portal.
    /// </summary>
    public async Task<string> SignInForAccessToken(string loginName, string password, TotpAuthenticator? app = null)
    {
        var pkce = Pkce.Create();
        var code = app is null
            ? await SignInForCode(loginName, password, pkce)
            : await SignInWithTotpForCode(loginName, password, pkce, app);
        var token = await Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "portal",
            ["client_secret"] = PortalSecret,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = pkce.Verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        return (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// Answers the second-factor page at <paramref name="page"/>: /Account/EnrollTotp enrols
    /// <paramref name="app"/> with the secret it shows; either page then gets <paramref name="code"/>,
    /// or else the app's next code.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitSecondFactor(Uri page, TotpAuthenticator app, string? code = null)
    {
        var shown = await Http.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var html = await shown.Content.ReadAsStringAsync();
        if (page.OriginalString.StartsWith("/Account/EnrollTotp", StringComparison.Ordinal))
        {
            app.Enrol(SecretShown(html));
        }
        return await SubmitForm(page, html, ("Code", code ?? await app.NextCodeAsync()));
    }

    /// <summary>Posts the form on <paramref name="html"/> (served at <paramref name="page"/>) with its antiforgery token and <paramref name="fields"/>.</summary>
    public Task<HttpResponseMessage> SubmitForm(Uri page, string html, params (string Name, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Name, f => f.Value);
        form["__RequestVerificationToken"] = HiddenValue(html, "__RequestVerificationToken");
        return Http.PostAsync(page, new FormUrlEncodedContent(form));
    }

    /// <summary>The base32 TOTP secret the enrolment page shows.</summary>
    public static string SecretShown(string html) => TotpSecret().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The page shows no TOTP secret:\n" + html);

    /// <summary>The code on a redirect to the portal (and a matching state).</summary>
    public static string CodeFrom(HttpResponseMessage response, string state = "xyz", string redirectUri = PortalRedirectUri)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(redirectUri + "?", location.OriginalString, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        Assert.True(query.ContainsKey("code"), $"No code on {location}");
        return query["code"].ToString();
    }

    public static string HiddenValue(string html, string name)
    {
        var input = InputTag().Matches(html).Select(m => m.Value).Single(tag => tag.Contains($"name=\"{name}\"", StringComparison.Ordinal));
        return WebUtility.HtmlDecode(ValueAttribute().Match(input).Groups[1].Value);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex("id=\"totp-secret\">([A-Z2-7]+)<")]
    private static partial Regex TotpSecret();
}
