using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>What a client or resource server finds before any sign-in: discovery, keys, the sign-in page.</summary>
public sealed class DiscoveryTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Discovery_names_every_endpoint_and_accepts_only_S256_challenges()
    {
        using var browser = fixture.NewBrowser();
        var discovery = await browser.Http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        var issuer = fixture.Address.ToString();
        Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "connect/endsession", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(issuer + "connect/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(["S256"], Strings(discovery, "code_challenge_methods_supported"));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(discovery, "grant_types_supported").Order());
        Assert.Contains("tenant", Strings(discovery, "claims_supported"));
        Assert.Contains("platform", Strings(discovery, "scopes_supported"));
    }

    [Fact]
    public async Task The_JWKS_publishes_an_RSA_signing_key()
    {
        using var browser = fixture.NewBrowser();
        var discovery = await browser.Http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwks = await browser.Http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());

        // More than one when test hosts started together first made the development certificate.
        var keys = jwks.GetProperty("keys").EnumerateArray().Where(k => k.GetProperty("use").GetString() == "sig").ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.False(key.TryGetProperty("d", out _)); // never the private part
        });
    }

    [Fact]
    public async Task The_sign_in_page_is_Japanese_with_labelled_fields()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ja\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"login-name\">ログインID <span lang=\"en\">(Login name)</span></label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">パスワード", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_when_its_database_answers()
    {
        using var browser = fixture.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/health/ready")).StatusCode);
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
