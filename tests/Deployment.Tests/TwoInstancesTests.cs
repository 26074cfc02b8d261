using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using SharedServices.Testing;

namespace SharedServices.Deployment.Tests;

/// <summary>
/// Every service as two instances at once on one machine, as a prefecture scaling out would run them:
/// two processes of onboarding, e-application, points, talent and the portal on one database each, and
/// identity as three (this test's in-process one, which signs the operator in, and two processes on its
/// database), all on one RabbitMQ virtual host. Towns onboarded through both onboarding instances reach
/// every service; the test counts who did what: each town announced once (one outbox relay leads, by the
/// async daemon's leader election), each announcement handled once per service (competing consumers on
/// the service's quorum queue, the inbox naming the instance), by both instances of every service, and
/// both instances of each serve every town (the tenant registry is reloaded from the shared database).
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private static readonly (string Code, string Slug, string NameEn)[] Towns =
    [
        ("063011", "yamanobe", "Yamanobe Town"), ("063029", "nakayama", "Nakayama Town"),
        ("063215", "kahoku", "Kahoku Town"), ("063223", "nishikawa", "Nishikawa Town"),
        ("063231", "asahi", "Asahi Town"), ("063240", "oe", "Oe Town"),
        ("063410", "oishida", "Oishida Town"), ("063649", "mamurogawa", "Mamurogawa Town"),
    ];

    private const string Announcements = "SharedServices.Contracts.Tenancy:TenantOnboarded";

    private static readonly string[] Services = ["Onboarding", "Portal", "EApplication", "Points", "Talent"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Dictionary<string, TestDatabase> _databases = [];
    private readonly Dictionary<string, ServiceProcess[]> _instances = [];
    private TestVirtualHost _virtualHost = null!;
    private TestIdentity _identity = null!;

    public async ValueTask InitializeAsync()
    {
        _virtualHost = await TestVirtualHost.CreateAsync("twoinstances");
        _identity = await TestIdentity.StartAsync(_virtualHost);
        foreach (var service in Services)
        {
            _databases[service] = await TestDatabase.CreateAsync("two" + service.ToLowerInvariant());
        }
    }

    [Fact]
    public async Task Two_instances_of_every_service_split_the_work_and_do_nothing_twice()
    {
        var operatorToken = await _identity.OperatorToken();
        var issuer = _identity.Address.ToString();
        // Start the pairs one service after another (each pair at once): two cores start ten processes slowly.
        _instances["Identity"] = await PairAsync("Identity", _identity.Database,
            _identity.Settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!));
        foreach (var service in Services)
        {
            _instances[service] = await PairAsync(service, _databases[service], new Dictionary<string, string>
            {
                ["Identity:Issuer"] = issuer,
                ["Identity:Portal:ClientSecret"] = TestIdentity.PortalSecret,
            });
        }

        // Every message the relays publish about a town, kept on a queue of the test's own.
        var factory = new ConnectionFactory { Uri = new Uri(_virtualHost.Uri) };
        await using var rabbit = await factory.CreateConnectionAsync(Ct);
        await using var channel = await rabbit.CreateChannelAsync(cancellationToken: Ct);
        await channel.ExchangeDeclareAsync(Announcements, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Ct);
        var observed = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: Ct)).QueueName;
        await channel.QueueBindAsync(observed, Announcements, "", cancellationToken: Ct);

        // The operator's requests go to one onboarding instance and the next in turn, as a load balancer would send them.
        var onboarding = _instances["Onboarding"].Select(i => Client(i, null, operatorToken)).ToArray();
        for (var i = 0; i < Towns.Length; i++)
        {
            var (code, slug, nameEn) = Towns[i];
            var created = await onboarding[i % 2].PostAsJsonAsync("/operator/municipalities", new { code, slug, nameEn }, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{code}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(Ct)}");
        }

        // Each service handled each announcement once, and both (identity: all three) of its instances had a share.
        foreach (var (service, instances) in _instances)
        {
            var handledBy = await Eventually.Until(() => HandledByAsync(_databases.GetValueOrDefault(service) ?? _identity.Database),
                counts => counts.Values.Sum() >= Towns.Length, TimeSpan.FromSeconds(60), $"{service} to take in every town");
            Assert.Equal(Towns.Length, handledBy.Values.Sum());
            TestContext.Current.TestOutputHelper?.WriteLine($"{service}: {string.Join(", ", handledBy.Select(h => $"{h.Key} handled {h.Value}"))}");
            foreach (var instance in instances)
            {
                Assert.True(handledBy.GetValueOrDefault(instance.Instance) > 0,
                    $"{service} instance {instance.Instance} handled none of the towns: {JsonSerializer.Serialize(handledBy)}\n{instance.Output}");
            }
        }

        // Published once each: two relays on one store, one leading. A second relay would show here as a second copy.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var messageIds = new List<string>();
        while (await channel.BasicGetAsync(observed, autoAck: true, Ct) is { } message)
        {
            messageIds.Add(message.BasicProperties.MessageId ?? "(none)");
        }
        Assert.Equal(Towns.Length, messageIds.Count);
        Assert.Equal(Towns.Length, messageIds.Distinct().Count());

        // Both instances know every town, whichever of them consumed its announcement.
        foreach (var instance in _instances["Onboarding"])
        {
            var listed = await Client(instance, null, operatorToken).GetStringAsync("/operator/municipalities", Ct);
            Assert.All(Towns, t => Assert.Contains(t.Code, listed, StringComparison.Ordinal));
        }
        foreach (var instance in _instances["Portal"])
        {
            foreach (var (code, slug, _) in Towns)
            {
                var town = await Eventually.Until(() => Client(instance, $"{slug}.localhost", null).GetAsync("/api/town", Ct),
                    r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(10), $"portal {instance.Instance} to serve {slug}");
                Assert.Contains(code, await town.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }

        // Nothing left over or dead-lettered on the broker, once the last acknowledgements have reached it.
        async Task<List<string>> WaitingAsync()
        {
            var queues = await RabbitMqCtl.RunAsync("list_queues", "-p", _virtualHost.Name, "--quiet", "--no-table-headers", "name", "messages");
            return queues.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
                .Where(f => f.Length == 2 && f[0] != observed && int.TryParse(f[1], out var n) && n > 0).Select(f => $"{f[0]}: {f[1]}").ToList();
        }
        await Eventually.Until(WaitingAsync, waiting => waiting.Count == 0, TimeSpan.FromSeconds(30), "every queue to be empty",
            waiting => "messages left on queues:\n" + string.Join('\n', waiting));
    }

    /// <summary>How many town announcements the service's tenant registry consumer handled, by instance (its inbox).</summary>
    private static async Task<Dictionary<string, int>> HandledByAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync(Ct);
        await using var find = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'mt_doc_inboxentry'", connection);
        if (await find.ExecuteScalarAsync(Ct) is not string schema)
        {
            return [];
        }
        // The inbox is a town-scoped table under row-level security; the announcements were handled for the prefecture.
        await using (var tenant = new NpgsqlCommand($"select set_config('app.tenant_id', '{TestEnvironment.PrefectureCode}', false)", connection))
        {
            await tenant.ExecuteScalarAsync(Ct);
        }
        await using var count = new NpgsqlCommand(
            $"select coalesce(data->>'HandledBy', '?'), count(*) from \"{schema}\".mt_doc_inboxentry where id like 'TenantRegistryConsumer/%' group by 1",
            connection);
        var byInstance = new Dictionary<string, int>();
        await using var reader = await count.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            byInstance[reader.GetString(0)] = (int)reader.GetInt64(1);
        }
        return byInstance;
    }

    private async Task<ServiceProcess[]> PairAsync(string service, TestDatabase database, Dictionary<string, string> settings)
    {
        var contentRoot = Path.Combine(ServiceProcess.RepositoryRoot(), "services", service);
        settings["Tenancy:RefreshSeconds"] = "1";
        var starting = Enumerable.Range(0, 2)
            .Select(_ => ServiceProcess.StartAsync("SharedServices." + service, contentRoot, database, _virtualHost, settings)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            // One did not start: stop the other too, or it would outlive the test.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            throw;
        }
    }

    private static HttpClient Client(ServiceProcess instance, string? host, string? token)
    {
        var client = new HttpClient { BaseAddress = instance.Address };
        if (host is not null)
        {
            client.DefaultRequestHeaders.Host = host;
        }
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values.SelectMany(i => i))
        {
            await instance.DisposeAsync();
        }
        await _identity.DisposeAsync();
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
        await _virtualHost.DisposeAsync();
    }
}
