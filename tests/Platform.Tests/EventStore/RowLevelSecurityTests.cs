using Marten;
using Npgsql;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.Platform.Tests.EventStore;

/// <summary>Conjoined tenancy in Marten, and PostgreSQL row-level security under it as a second net.</summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private const string Kaneyama = "063614";
    private const string Okura = "063657";
    private PlatformHost _platform = null!;

    public async ValueTask InitializeAsync()
    {
        _platform = await PlatformHost.StartAsync("rls");
        using (CurrentTenant.Change(Kaneyama))
        {
            await using var session = _platform.Store.OpenTenantSession();
            session.Store(new Note("n1", "金山町の住民メモ"));
            session.Events.StartStream(Guid.NewGuid(), new Contracts.Tenancy.TenantResumed(
                new("063614", "kaneyama", "金山町", "Kaneyama", new("#000000", "#FFFFFF"), [], "active", 1)));
            await session.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Another_towns_session_sees_nothing_of_this_towns_documents()
    {
        using var okura = CurrentTenant.Change(Okura);
        await using var session = _platform.Store.OpenTenantSession();

        Assert.Null(await session.LoadAsync<Note>("n1"));
        Assert.Empty(await session.Query<Note>().ToListAsync());
    }

    [Fact]
    public async Task Raw_SQL_as_the_runtime_role_sees_only_the_tenant_it_names()
    {
        var asOkura = await _platform.Database.QueryAsAppAsync<string>("select id from mt_doc_note", Okura);
        var asKaneyama = await _platform.Database.QueryAsAppAsync<string>("select id from mt_doc_note", Kaneyama);

        Assert.Empty(asOkura);
        Assert.Equal(["n1"], asKaneyama);
    }

    [Fact]
    public async Task Raw_SQL_as_the_runtime_role_without_a_tenant_sees_nothing()
    {
        try
        {
            Assert.Empty(await _platform.Database.QueryAsAppAsync<string>("select id from mt_doc_note"));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
        {
            // unrecognized configuration parameter "app.tenant_id": refused outright, which is as good
        }
    }

    [Fact]
    public async Task The_runtime_role_cannot_change_the_schema_or_turn_security_off()
    {
        await Assert.ThrowsAsync<PostgresException>(() => _platform.Database.QueryAsAppAsync<int>("create table public.sneaky(id int); select 1"));
        await Assert.ThrowsAsync<PostgresException>(() => _platform.Database.QueryAsAppAsync<int>("alter table mt_doc_note disable row level security; select 1"));
    }

    [Fact]
    public void A_session_cannot_be_opened_without_a_tenant() =>
        Assert.Throws<MissingTenantException>(() => _platform.Store.OpenTenantSession());

    [Fact]
    public async Task Another_towns_session_sees_none_of_this_towns_events()
    {
        using var okura = CurrentTenant.Change(Okura);
        await using var session = _platform.Store.OpenTenantSession();

        Assert.Empty(await session.Events.QueryAllRawEvents().ToListAsync());
    }

    [Fact]
    public async Task Raw_SQL_as_the_runtime_role_sees_only_the_named_towns_events_and_streams()
    {
        foreach (var table in new[] { "mt_events", "mt_streams" })
        {
            var asOkura = await _platform.Database.QueryAsAppAsync<long>($"select count(*) from {table}", Okura);
            var asKaneyama = await _platform.Database.QueryAsAppAsync<long>($"select count(*) from {table}", Kaneyama);
            Assert.Equal(0, asOkura.Single());
            Assert.Equal(1, asKaneyama.Single());
        }
    }

    [Fact]
    public async Task The_runtime_role_cannot_write_an_event_for_another_town()
    {
        var forged = Assert.ThrowsAsync<PostgresException>(() => _platform.Database.QueryAsAppAsync<int>(
            $"insert into mt_streams (id, tenant_id, version) values ('{Guid.NewGuid()}', '{Kaneyama}', 1); select 1", Okura));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await forged).SqlState); // new row violates row-level security policy
    }

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
