using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;

namespace SharedServices.Platform.Tests.Tenancy;

public sealed class TenantRegistryTests
{
    private static TenantInfo Town(string slug, long version, string status = TenantStatuses.Active) =>
        new("063614", slug, "金山町", "Kaneyama", new("#1F5FA8", "#F2F6FB"), [], status, version);

    [Fact]
    public void The_newest_version_wins_whatever_the_order_of_arrival()
    {
        var registry = new TenantRegistry();

        registry.Apply(Town("kaneyama-new", 6));
        registry.Apply(Town("kaneyama", 2)); // a late, older delivery

        Assert.Equal("kaneyama-new", registry.FindById("063614")!.Slug);
        Assert.Null(registry.FindBySlug("kaneyama"));
        Assert.Equal("063614", registry.FindBySlug("KANEYAMA-NEW")!.Id);
    }

    [Fact]
    public void Many_tenants_are_found_by_id_and_slug()
    {
        var registry = new TenantRegistry();
        var towns = Enumerable.Range(0, 1000).Select(i =>
        {
            var first5 = $"{10 + i / 100:00}{i % 100:000}";
            var code = first5 + MunicipalityCode.CheckDigit(first5);
            return new TenantInfo(code, $"town{i}", $"町{i}", $"Town {i}", new("#000000", "#FFFFFF"), [], TenantStatuses.Active, 2);
        }).ToList();

        registry.Apply(towns);

        Assert.Equal(1000, registry.All.Count);
        Assert.Equal(towns[777].Id, registry.FindBySlug("town777")!.Id);
        Assert.Equal("town5", registry.FindById(towns[5].Id)!.Slug);
    }
}
