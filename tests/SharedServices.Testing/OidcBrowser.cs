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
public sealed partial class OidcBrowser(Uri address) : IDisposable
{
    public const string PortalRedirectUri = "http://localhost:5100/signin-oidc";
    public const string PortalPostLogoutUri = "http://localhost:5100/signout-callback-oidc";
    public const string Scopes = "openid profile offline_access platform";

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
            ["redirect_uri"] = PortalRedirectUri,
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
        return CodeFrom(issued);
    }

    /// <summary>The code on a redirect to the portal (and a matching state).</summary>
    public static string CodeFrom(HttpResponseMessage response, string state = "xyz")
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(PortalRedirectUri + "?", location.OriginalString, StringComparison.Ordinal);
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
}
