using System.Globalization;
using System.Runtime.InteropServices;

namespace SharedServices.Benchmarks;

/// <summary>
/// <c>resolution</c>: BenchmarkDotNet over tenant resolution. <c>onboarding [count] [--warm N]</c>:
/// onboarding-to-usable latency through real PostgreSQL and RabbitMQ. <c>submissions</c> and <c>points</c>:
/// e-application submissions and point redemptions under load, next to pgbench. See README.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage:
          dotnet run -c Release --project tests/Benchmarks -- resolution [BenchmarkDotNet options]
          dotnet run -c Release --project tests/Benchmarks -- onboarding [count=50] [--warm N]
          dotnet run -c Release --project tests/Benchmarks -- submissions [residents=64] [seconds=20] [--socket] [--one-request] [--statements]
          dotnet run -c Release --project tests/Benchmarks -- points [residents=500] [clients=64] [seconds=20] [--socket] [--statements]
        """;

    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "resolution":
                return ResolutionCommand.Run(args[1..]);
            case "onboarding":
                if (!OnboardingArguments.TryParse(args[1..], out var count, out var warm, out var error))
                {
                    await Console.Error.WriteLineAsync($"{error}\n{Usage}");
                    return 2;
                }
                return await OnboardingCommand.RunAsync(count, warm);
            case "submissions":
                var socket = args.Contains("--socket");
                var oneRequestOnly = args.Contains("--one-request");
                var listStatements = args.Contains("--statements");
                var numbers = args[1..].Where(a => a is not ("--socket" or "--one-request" or "--statements")).Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToArray();
                if (numbers.Length > 2 || numbers.Any(n => n < 0))
                {
                    await Console.Error.WriteLineAsync($"submissions takes a number of residents and of seconds (both 1 or more), --socket, --one-request and --statements.\n{Usage}");
                    return 2;
                }
                return await SubmissionsCommand.RunAsync(numbers.ElementAtOrDefault(0) is > 0 and var r ? r : 64, numbers.ElementAtOrDefault(1) is > 0 and var s ? s : 20, socket, oneRequestOnly, listStatements);
            case "points":
                var onSocket = args.Contains("--socket");
                var statements = args.Contains("--statements");
                var counts = args[1..].Where(a => a is not ("--socket" or "--statements")).Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToArray();
                if (counts.Length > 3 || counts.Any(n => n < 0))
                {
                    await Console.Error.WriteLineAsync($"points takes a number of residents, of clients and of seconds (each 1 or more), --socket and --statements.\n{Usage}");
                    return 2;
                }
                return await PointsCommand.RunAsync(counts.ElementAtOrDefault(0) is > 0 and var pr ? pr : 500,
                    counts.ElementAtOrDefault(1) is > 0 and var pc ? pc : 64, counts.ElementAtOrDefault(2) is > 0 and var ps ? ps : 20, onSocket, statements);
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>The one-line header and the machine, printed first by both commands.</summary>
    public static void PrintHeader(string measured)
    {
        Console.WriteLine($"== {measured}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   Machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}"));
        Console.WriteLine();
    }
}

/// <summary><c>[count=50] [--warm N]</c>, where count may also be written <c>count=50</c>.</summary>
internal static class OnboardingArguments
{
    public static bool TryParse(string[] args, out int count, out int warm, out string error)
    {
        (count, warm, error) = (50, 0, "");
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--warm")
            {
                if (i + 1 >= args.Length || !TryCount(args[++i], allowZero: true, out warm))
                {
                    error = "--warm needs a number of towns (0 or more).";
                    return false;
                }
            }
            else if (!TryCount(arg.StartsWith("count=", StringComparison.Ordinal) ? arg["count=".Length..] : arg, allowZero: false, out count))
            {
                error = $"'{arg}' is not a number of towns to measure (1 or more).";
                return false;
            }
        }
        return true;
    }

    private static bool TryCount(string text, bool allowZero, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && (value > 0 || (allowZero && value == 0));
}
