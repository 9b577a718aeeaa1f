using System.Net;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>Runs swaks (Debian package swaks) against an endpoint and keeps its transcript, stderr merged in order.</summary>
internal static class Swaks
{
    public const string Path = "/usr/bin/swaks";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<SwaksTranscript> RunAsync(IPEndPoint server, params string[] arguments)
    {
        var swaks = ExternalTool.Require(Path, "swaks");
        string[] all =
        [
            "--server", server.Address.ToString(), "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ehlo", "client.test",
            "--timeout", "30",
            // One stream, so that error lines stay in order with the dialogue.
            "--output-file-stderr", "&STDOUT",
            .. arguments,
        ];
        var result = await ExternalTool.RunAsync(swaks, all, stdin: null, Timeout);
        return new SwaksTranscript(result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
