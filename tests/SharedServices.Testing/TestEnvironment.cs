namespace SharedServices.Testing;

/// <summary>Where the real PostgreSQL and RabbitMQ started by deploy/local/infra-up.sh listen.</summary>
public static class TestEnvironment
{
    public static string PgHost => Env("SS_PG_HOST", "127.0.0.1");
    public static string PgPort => Env("SS_PG_PORT", "5432");
    public static string OwnerUser => Env("SS_PG_OWNER", "ss_owner");
    public static string OwnerPassword => Env("SS_PG_OWNER_PASSWORD", "ss_owner_dev");
    public static string AppUser => Env("SS_PG_APP", "ss_app");
    public static string AppPassword => Env("SS_PG_APP_PASSWORD", "ss_app_dev");
    public static string RelayUser => Env("SS_PG_RELAY", "ss_relay");
    public static string RelayPassword => Env("SS_PG_RELAY_PASSWORD", "ss_relay_dev");
    public static string RabbitHost => Env("SS_RABBIT_HOST", "127.0.0.1");
    public static string RabbitPort => Env("SS_RABBIT_PORT", "5672");
    public static string RabbitUser => Env("SS_RABBIT_USER", "sharedservices");
    public static string RabbitPassword => Env("SS_RABBIT_PASSWORD", "sharedservices_dev");
    /// <summary>RabbitMQ's Prometheus plugin (queue depths), enabled by infra-up.sh.</summary>
    public static string RabbitPrometheusPort => Env("SS_RABBIT_PROMETHEUS_PORT", "15692");

    /// <summary>山形県: the prefecture the tests run as.</summary>
    public const string PrefectureCode = "060003";

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    /// <summary>A loopback port free now, for a host whose address must be known before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
