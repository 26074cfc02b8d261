using System.Diagnostics;
using System.Globalization;

namespace SharedServices.Benchmarks;

/// <summary>
/// CPU time used so far by this process and by the PostgreSQL backends connected to one database
/// (Linux: <c>/proc/{pid}/stat</c> of processes titled "postgres: … {database} …"). Backends that
/// closed in between are not counted; connection pools keep theirs open.
/// </summary>
internal readonly record struct CpuUse(TimeSpan Process, TimeSpan App, TimeSpan Relay)
{
    public TimeSpan Database => App + Relay;

    public static CpuUse operator -(CpuUse a, CpuUse b) => new(a.Process - b.Process, a.App - b.App, a.Relay - b.Relay);

    public static CpuUse Now(string database)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new(self.TotalProcessorTime, BackendsOf(database, "ss_app"), BackendsOf(database, "ss_relay"));
    }

    private static TimeSpan BackendsOf(string database, string role)
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!cmdline.StartsWith("postgres:", StringComparison.Ordinal) || !cmdline.Contains($" {role} {database} ", StringComparison.Ordinal))
                {
                    continue;
                }
                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        // Linux reports these in clock ticks of 1/100 s (USER_HZ).
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
