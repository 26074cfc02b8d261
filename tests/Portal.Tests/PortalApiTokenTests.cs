using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SharedServices.Portal.Tests;

/// <summary>The portal's API takes bearer tokens of its audience, and only for the token's own town.</summary>
public sealed class PortalApiTokenTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_residents_token_works_at_their_town_and_names_them()
    {
        using var client = await ClientWithToken("kaneyama.localhost");

        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("金山 花子", me.GetProperty("name").GetString());
        Assert.Equal("resident", me.GetProperty("role").GetString());
        Assert.Equal("063614", me.GetProperty("townCode").GetString());
    }

    [Fact]
    public async Task A_token_of_town_A_at_town_B_is_403()
    {
        using var client = await ClientWithToken("okura.localhost");

        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("tampered")]
    public async Task No_token_or_a_forged_one_is_401(string? token)
    {
        using var client = fixture.PortalClient("kaneyama.localhost");
        if (token is not null)
        {
            var bearer = token == "tampered"
                ? await fixture.TokenFor(PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword) + "x"
                : token;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> ClientWithToken(string host)
    {
        var client = fixture.PortalClient(host);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await fixture.TokenFor(PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword));
        return client;
    }
}
