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
}
