using System.Globalization;

namespace Relay.EndToEnd.Tests;

/// <summary>Reads a process's memory figures from <c>/proc/PID/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>The resident set's high-water mark (<c>VmHWM</c>), in bytes.</summary>
    public static long PeakResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no VmHWM line");
    }
}
