using Relay.Testing;

namespace Relay.Host.Tests.Support;

/// <summary>Loads zone text with BIND's named-checkzone, an independent parser, and returns its verdict and canonical dump.</summary>
internal static class NamedCheckZone
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<(ToolResult Check, IReadOnlyList<ZoneRecord> Records)> LoadAsync(string zone, string text, string directory)
    {
        var checkzone = ExternalTool.Require("/usr/bin/named-checkzone", "bind9-utils");
        var file = Path.Combine(directory, $"{zone}-{Guid.NewGuid():N}.zone");
        await File.WriteAllTextAsync(file, text);
        var check = await ExternalTool.RunAsync(checkzone, ["-k", "fail", "-n", "fail", zone, file], null, Timeout);
        var dump = await ExternalTool.RunAsync(checkzone, ["-q", "-D", "-o", "-", zone, file], null, Timeout);
        var records = dump.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split([' ', '\t'], 5, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 5)
            .Select(fields => new ZoneRecord(fields[0], fields[3], fields[4].Trim()))
            .ToList();
        return (check, records);
    }

    /// <summary>A customer zone around a snippet of records, as an operator would paste it.</summary>
    public static string CustomerZone(string domain, string snippet) =>
        $"""
        $ORIGIN {domain}.
        $TTL 300
        @ IN SOA ns1.example.net. hostmaster.{domain}. 1 3600 600 86400 300
        @ IN NS ns1.example.net.

        """ + snippet;
}
