using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.EventStore;

namespace SharedServices.Portal.Tests;

/// <summary>
/// The portal runs as two instances behind the gateway in every browser test (PortalFixture). What lets
/// that work: one data protection key ring, in the portal's database.
/// </summary>
public sealed class PortalScaleOutTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task What_one_portal_instance_protects_the_other_reads_with_the_key_ring_in_the_database()
    {
        // As the OIDC handler protects a sign-in's state at one instance and reads it back at the callback.
        var first = fixture.Portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in-state");
        var second = fixture.SecondPortal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in-state");

        var state = first.Protect("kaneyama:/Resident/Applications");

        Assert.Equal("kaneyama:/Resident/Applications", second.Unprotect(state));
        await using var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var keys = await session.Query<DataProtectionKey>().ToListAsync();
        Assert.NotEmpty(keys); // the ring is in PostgreSQL, not in either instance's file system
        Assert.All(keys, key => Assert.StartsWith("<key ", key.Xml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Behind_the_trusted_gateway_a_request_that_came_over_https_signs_in_with_an_https_redirect()
    {
        Uri address;
        using (var probe = fixture.SecondPortal.CreateClient())
        {
            address = probe.BaseAddress!;
        }
        // Straight to the instance from 127.0.0.1, the address the gateway calls it from.
        using var portal = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        portal.DefaultRequestHeaders.Host = "kaneyama.localhost";
        using var overHttps = new HttpRequestMessage(HttpMethod.Get, "/Resident") { Headers = { { "X-Forwarded-Proto", "https" } } };
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/Resident");

        var redirect = await SignInRedirect(await portal.SendAsync(overHttps));
        var plainRedirect = await SignInRedirect(await portal.SendAsync(plain));

        Assert.Contains("redirect_uri=https%3A%2F%2Fkaneyama.localhost%2Fsignin-oidc", redirect, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http%3A%2F%2Fkaneyama.localhost%2Fsignin-oidc", plainRedirect, StringComparison.Ordinal);
    }

    private static async Task<string> SignInRedirect(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.ToString();
    }
}
