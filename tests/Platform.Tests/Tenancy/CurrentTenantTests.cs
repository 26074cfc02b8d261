using SharedServices.Tenancy;

namespace SharedServices.Platform.Tests.Tenancy;

public sealed class CurrentTenantTests
{
    [Fact]
    public void Without_a_scope_there_is_no_tenant_and_asking_for_one_throws()
    {
        Assert.Null(CurrentTenant.IdOrNull);
        Assert.Throws<MissingTenantException>(() => CurrentTenant.Id);
    }

    [Fact]
    public async Task A_scope_flows_into_awaited_work_and_restores_the_previous_tenant()
    {
        using (CurrentTenant.Change("063614"))
        {
            await Task.Yield();
            Assert.Equal("063614", CurrentTenant.Id);
            using (CurrentTenant.Change("063657"))
            {
                Assert.Equal("063657", await Task.Run(() => CurrentTenant.Id));
            }
            Assert.Equal("063614", CurrentTenant.Id);
        }
        Assert.Null(CurrentTenant.IdOrNull);
    }

    [Theory]
    [InlineData("kaneyama")]
    [InlineData("063615")]
    [InlineData("*DEFAULT*")]
    public void Only_a_valid_code_can_be_a_tenant(string id) =>
        Assert.Throws<ArgumentException>(() => CurrentTenant.Change(id));
}
