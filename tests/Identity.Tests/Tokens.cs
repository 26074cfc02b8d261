using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SharedServices.Identity.Server;

using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Token endpoint calls and JWT validation as a resource server would do it (discovery, then JWKS).</summary>
public static class Tokens
{
    public static Task<HttpResponseMessage> Request(this HttpClient client, params (string Name, string Value)[] form) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))));

    public static Task<HttpResponseMessage> RedeemCode(this HttpClient client, string code, string verifier) =>
        client.Request(("grant_type", "authorization_code"), ("client_id", "portal"), ("client_secret", OidcBrowser.PortalSecret), ("code", code),
            ("redirect_uri", OidcBrowser.PortalRedirectUri), ("code_verifier", verifier));

    public static Task<HttpResponseMessage> Refresh(this HttpClient client, string refreshToken) =>
        client.Request(("grant_type", "refresh_token"), ("client_id", "portal"), ("client_secret", OidcBrowser.PortalSecret), ("refresh_token", refreshToken));

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The response is a standard OAuth error: 400 (or 401 for a client), JSON, the given error code.</summary>
    public static async Task AssertOAuthError(HttpResponseMessage response, string error, params int[] statuses)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((statuses.Length == 0 ? [400] : statuses).Contains((int)response.StatusCode), $"{(int)response.StatusCode}: {body}");
        Assert.Equal(error, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    /// <summary>Validates <paramref name="jwt"/> with the keys the service publishes, as any resource server would.</summary>
    public static async Task<ClaimsIdentity> Validate(HttpClient client, string jwt, string type = "at+jwt", IEnumerable<string>? audiences = null)
    {
        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var keys = new JsonWebKeySet(await client.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudiences = audiences ?? PlatformScope.Audiences,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = [type],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return result.ClaimsIdentity;
    }
}
