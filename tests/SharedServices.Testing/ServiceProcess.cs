using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SharedServices.Testing;

/// <summary>
/// A service as a separate operating-system process (<c>dotnet Service.dll</c>), for tests that must
/// kill it the hard way. Its output is kept for the failure message.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What the service calls itself in its inbox entries (<c>InboxEntry.ThisInstance</c>): this machine and the process id.</summary>
    public string Instance => $"{Environment.MachineName}/{_process.Id}";

    public string Output { get { lock (_output) { return string.Join('\n', _output.TakeLast(40)); } } }

    /// <summary>Starts <paramref name="assemblyName"/> (built beside the tests) and waits until /health/ready answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(
        string assemblyName, string contentRoot, TestDatabase database, TestVirtualHost virtualHost, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Marten"] = database.AppConnectionString;
        start.Environment["ConnectionStrings__MartenRelay"] = database.RelayConnectionString;
        start.Environment["ConnectionStrings__MartenOwner"] = database.OwnerConnectionString;
        start.Environment["ConnectionStrings__RabbitMq"] = virtualHost.Uri;
        start.Environment["Platform__PrefectureCode"] = TestEnvironment.PrefectureCode;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = service.Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{assemblyName} exited with {process.ExitCode}:\n{service.Output}");
            }
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                await service.DisposeAsync(); // left running, it would load the machine for every later test
                throw new TimeoutException($"{assemblyName} did not become ready:\n{service.Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: no shutdown hooks, no flush, nothing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>The repository's root (where SharedServices.sln is).</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SharedServices.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("SharedServices.sln not found above the test output.");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
