using System.Diagnostics;

namespace SharedServices.Testing;

/// <summary>A program the tests run to its end (rabbitmqctl, node, npm), with what it printed.</summary>
public static class Processes
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
