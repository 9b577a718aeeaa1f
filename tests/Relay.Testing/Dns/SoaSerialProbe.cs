using System.Globalization;
using System.Net;

namespace Relay.Testing.Dns;

/// <summary>Asks a server for a zone's SOA serial with <c>dig</c>, to learn whether it serves the zone version written.</summary>
internal static class SoaSerialProbe
{
    private static readonly TimeSpan DigTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The serial served, or null when the server did not answer with one.</summary>
    public static async Task<uint?> QueryAsync(string dig, IPEndPoint server, string zone)
    {
        string[] arguments =
        [
            "@" + server.Address, "-p", server.Port.ToString(CultureInfo.InvariantCulture),
            "+norecurse", "+short", "+time=1", "+tries=1", zone + ".", "SOA",
        ];
        var result = await ExternalTool.RunAsync(dig, arguments, stdin: null, DigTimeout);
        var fields = result.StandardOutput.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return result.ExitCode == 0 && fields.Length >= 3
            && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
            ? serial
            : null;
    }
}
