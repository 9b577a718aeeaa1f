using System.Globalization;
using Relay.Testing;

namespace Relay.Container.Tests;

/// <summary>Sends one message with swaks: STARTTLS, then AUTH PLAIN as the container's account.</summary>
internal static class SwaksSubmission
{
    public const string Path = "/usr/bin/swaks";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Returns swaks' exit code and its transcript (stderr after stdout).</summary>
    public static async Task<ToolResult> SendAsync(int port, string password, string from, string subject)
    {
        var swaks = ExternalTool.Require(Path, "swaks");
        return await ExternalTool.RunAsync(
            swaks,
            [
                "--server", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--ehlo", "client.test",
                "--tls", "--auth", "PLAIN", "--auth-user", RelayContainer.AccountName, "--auth-password", password,
                "--from", from, "--to", "someone@example.org", "--header", "Subject: " + subject, "--timeout", "60",
            ],
            stdin: null,
            Timeout);
    }

    /// <summary>The server's reply to the end of the message (the line after the client's "."), or null.</summary>
    public static string? ReplyToEndOfData(ToolResult result)
    {
        var lines = result.StandardOutput.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var dot = Array.FindLastIndex(lines, line => line is " ~> ." or " -> .");
        return dot >= 0 && dot + 1 < lines.Length ? lines[dot + 1] : null;
    }
}
