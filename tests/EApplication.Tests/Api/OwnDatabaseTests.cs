using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.EApplication.Applications;
using SharedServices.Testing;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;
using static SharedServices.EApplication.Tests.Api.Steps;
using static SharedServices.Testing.Responses;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// A town in a database of its own (大規模自治体の専用データベース), set by configuration only: the fixture
/// lists 大蔵村 under <c>EventStore:OwnDatabases</c>. Its applications, their events, its receipt counter
/// and the outbox relay's progress are in its database and nowhere else; 金山町 stays in the shared one.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class OwnDatabaseTests(EApplicationFixture fixture)
{
    private const string KaneyamaCode = "063614";

    [Fact]
    public async Task A_town_with_its_own_database_keeps_its_applications_there_and_the_shared_database_keeps_the_others()
    {
        using var okura = fixture.Client(Okura, fixture.OkuraResidentToken);
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaResident2Token);
        var okuraId = await SubmitOnlineAsync(okura);
        var kaneyamaId = await SubmitOnlineAsync(kaneyama);
        var okuraReceipt = (await okura.GetFromJsonAsync<JsonElement>($"/applications/{okuraId}")).GetProperty("receiptNumber").GetString()!;

        // 大蔵村's application: its events, its document and its receipt counter, in 大蔵村's database only.
        Assert.NotEmpty(await EventsOf(fixture.OkuraDatabase, okuraId, OkuraCode));
        Assert.Single(await fixture.OkuraDatabase.QueryAsAppAsync<string>($"select id::text from public.mt_doc_application where id = '{okuraId}'", OkuraCode));
        Assert.Equal(
            [long.Parse(okuraReceipt.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)],
            await fixture.OkuraDatabase.QueryAsAppAsync<long>($"select last from public.{ReceiptNumbers.TableName} where tenant_id = '{OkuraCode}'", OkuraCode));
        Assert.Empty(await EventsOf(fixture.Database, okuraId, OkuraCode));
        Assert.Empty(await fixture.Database.QueryAsAppAsync<string>($"select id::text from public.mt_doc_application where id = '{okuraId}'", OkuraCode));
        Assert.Empty(await fixture.Database.QueryAsAppAsync<long>($"select last from public.{ReceiptNumbers.TableName} where tenant_id = '{OkuraCode}'", OkuraCode));

        // 金山町's, the other way round.
        Assert.NotEmpty(await EventsOf(fixture.Database, kaneyamaId, KaneyamaCode));
        Assert.Empty(await EventsOf(fixture.OkuraDatabase, kaneyamaId, KaneyamaCode));
        Assert.Empty(await fixture.OkuraDatabase.QueryAsAppAsync<string>($"select tenant_id from public.mt_events where tenant_id <> '{OkuraCode}'", KaneyamaCode));

        // Staff of 大蔵村 work on it as on any other; 金山町's staff do not see it.
        using var okuraStaff = fixture.Client(Okura, fixture.OkuraStaffToken);
        await DecideAsync(okuraStaff, okuraId, "approve");
        Assert.Equal("Approved", (await okura.GetFromJsonAsync<JsonElement>($"/applications/{okuraId}")).GetProperty("status").GetString());
        using var kaneyamaStaff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        await AssertProblem(await kaneyamaStaff.GetAsync($"/console/applications/{okuraId}"), System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_outbox_relay_runs_in_the_towns_own_database_so_its_integration_events_are_published()
    {
        using var okura = fixture.Client(Okura, fixture.OkuraResidentToken);
        var id = await SubmitOnlineAsync(okura);
        var receipt = (await okura.GetFromJsonAsync<JsonElement>($"/applications/{id}")).GetProperty("receiptNumber").GetString()!;

        // The receipt mail is sent on ApplicationSubmitted, which only the relay in 大蔵村's database can publish.
        await Eventually.Until(() => Task.FromResult(fixture.Mail.MessagesTo(OkuraResident).Where(m => m.Text.Contains(receipt, StringComparison.Ordinal)).ToList()),
            m => m.Count > 0, what: $"the receipt mail for {receipt}");
        var submitted = (await EventSequencesOf(fixture.OkuraDatabase, id)).Max();
        var relayed = await Eventually.Until(
            async () => await fixture.OkuraDatabase.QueryAsAppAsync<long>("select last_seq_id from public.mt_event_progression where name like 'outbox:%'"),
            seqs => seqs.Count == 1 && seqs[0] >= submitted, what: "the relay's progress in 大蔵村's database");
        Assert.True(relayed[0] >= submitted);
    }

    [Fact]
    public async Task An_operators_export_of_the_town_reads_its_own_database()
    {
        using var okura = fixture.Client(Okura, fixture.OkuraResidentToken);
        var id = await SubmitOnlineAsync(okura);
        using var op = fixture.Client(null, fixture.OperatorToken);

        var response = await Ok(await op.GetAsync($"/operator/towns/{OkuraCode}/export"));
        var rows = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Contains(rows, r => r.GetProperty("table").GetString() == "mt_events" && r.GetProperty("row").GetProperty("stream_id").GetString() == id);
        Assert.Contains(rows, r => r.GetProperty("table").GetString() == ReceiptNumbers.TableName);
        Assert.All(rows, r => Assert.Equal(OkuraCode, r.GetProperty("row").GetProperty("tenant_id").GetString()));
    }

    private static Task<List<string>> EventsOf(TestDatabase database, string streamId, string town) =>
        database.QueryAsAppAsync<string>($"select type from public.mt_events where stream_id = '{streamId}'", town);

    private static Task<List<long>> EventSequencesOf(TestDatabase database, string streamId) =>
        database.QueryAsAppAsync<long>($"select seq_id from public.mt_events where stream_id = '{streamId}'", OkuraCode);
}
