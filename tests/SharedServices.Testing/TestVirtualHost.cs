namespace SharedServices.Testing;

/// <summary>
/// A RabbitMQ virtual host of its own for one fixture, so no fixture sees another's messages
/// (exchanges are per message type and would otherwise be shared). Deleted on dispose.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private TestVirtualHost(string name) => Name = name;

    public string Name { get; }

    public string Uri =>
        $"amqp://{TestEnvironment.RabbitUser}:{TestEnvironment.RabbitPassword}@{TestEnvironment.RabbitHost}:{TestEnvironment.RabbitPort}/{Name}";

    public static async Task<TestVirtualHost> CreateAsync(string purpose)
    {
        var vhost = new TestVirtualHost($"sst-{purpose}-{Guid.NewGuid():N}"[..36]);
        await RabbitMqCtl.RunAsync("add_vhost", vhost.Name);
        await RabbitMqCtl.RunAsync("set_permissions", "-p", vhost.Name, TestEnvironment.RabbitUser, ".*", ".*", ".*");
        return vhost;
    }

    public async ValueTask DisposeAsync() => await RabbitMqCtl.RunAsync("delete_vhost", Name);
}

/// <summary>rabbitmqctl, for what the tests do to the broker (virtual hosts, restarts).</summary>
public static class RabbitMqCtl
{
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await Processes.RunAsync("rabbitmqctl", null, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {error}");
        }
        return output;
    }
}
