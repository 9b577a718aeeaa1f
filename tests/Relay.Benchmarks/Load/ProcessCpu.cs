using System.Globalization;

namespace Relay.Benchmarks.Load;

/// <summary>User plus system CPU time of a process and all its threads, from /proc/PID/stat.</summary>
internal static class ProcessCpu
{
    // USER_HZ, the unit of utime and stime in /proc; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name in parentheses may hold spaces; the fields after it are fixed: state is field 3,
        // utime field 14 and stime field 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
