using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SharedServices.Gateway.Tests;

/// <summary>What an upstream service saw of one forwarded request.</summary>
public sealed record Seen(string Upstream, string Method, string Path, string Host, Dictionary<string, string> Headers, long BodyBytes);

/// <summary>
/// A service behind the gateway for these tests: a real Kestrel server on a free loopback port that
/// answers every request with what it received (so a test can see what the gateway forwarded) and
/// counts those whose body arrived whole. <c>/health/ready</c> answers 200 and is not counted.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private Upstream(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri Address => new(_app.Urls.First() + "/");

    public int Hits => Volatile.Read(ref _hits);

    public static async Task<Upstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var upstream = new Upstream(name, app);
        app.MapGet("/health/ready", () => "ok");
        app.Map("/{**rest}", async (HttpContext http) =>
        {
            long bytes = 0;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }
            Interlocked.Increment(ref upstream._hits); // a request counts once its body is whole
            return Results.Json(new Seen(name, http.Request.Method, http.Request.Path.Value ?? "", http.Request.Host.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), bytes));
        });
        await app.StartAsync();
        return upstream;
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
