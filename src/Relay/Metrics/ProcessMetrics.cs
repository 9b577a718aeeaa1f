using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Relay.Core.Observability;

namespace Relay.Metrics;

/// <summary>Build information and the process and .NET runtime series Prometheus client libraries conventionally export.</summary>
internal sealed class ProcessMetrics : IPrometheusMetrics
{
    private static readonly string Version =
        typeof(ProcessMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var process = Process.GetCurrentProcess();
        var lines = new List<string>
        {
            "# HELP relay_build_info The running Relay build.", "# TYPE relay_build_info gauge",
            $"relay_build_info{{version=\"{Version.Replace("\"", string.Empty, StringComparison.Ordinal)}\",runtime=\"{Environment.Version}\"}} 1",
            "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.", "# TYPE process_cpu_seconds_total counter",
            Line("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds),
            "# HELP process_resident_memory_bytes Resident memory size in bytes.", "# TYPE process_resident_memory_bytes gauge",
            Line("process_resident_memory_bytes", process.WorkingSet64),
            "# HELP process_virtual_memory_bytes Virtual memory size in bytes.", "# TYPE process_virtual_memory_bytes gauge",
            Line("process_virtual_memory_bytes", process.VirtualMemorySize64),
            "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.", "# TYPE process_start_time_seconds gauge",
            Line("process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0),
            "# HELP process_open_fds Number of open file descriptors.", "# TYPE process_open_fds gauge",
            Line("process_open_fds", OpenDescriptors()),
            "# HELP dotnet_gc_heap_size_bytes Bytes in the managed heap.", "# TYPE dotnet_gc_heap_size_bytes gauge",
            Line("dotnet_gc_heap_size_bytes", GC.GetTotalMemory(forceFullCollection: false)),
            "# HELP dotnet_gc_collections_total Garbage collections by generation.", "# TYPE dotnet_gc_collections_total counter",
        };
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}"));
        }

        lines.Add("# HELP dotnet_threadpool_threads Thread pool threads.");
        lines.Add("# TYPE dotnet_threadpool_threads gauge");
        lines.Add(Line("dotnet_threadpool_threads", ThreadPool.ThreadCount));
        await writer.WriteAsync(string.Join('\n', lines) + "\n");
    }

    private static double OpenDescriptors() =>
        Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() : 0;

    private static string Line(string name, double value) => string.Create(CultureInfo.InvariantCulture, $"{name} {value:R}");
}
