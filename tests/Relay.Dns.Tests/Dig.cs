using Relay.Testing;

namespace Relay.Dns.Tests;

/// <summary>Runs BIND's <c>dig</c> (package dnsutils) against a server on 127.0.0.1.</summary>
internal static class Dig
{
    public static async Task<DigAnswer> QueryAsync(string port, string name, string type, params string[] options)
    {
        var dig = ExternalTool.Require("/usr/bin/dig", "dnsutils");
        string[] arguments = ["@127.0.0.1", "-p", port, "+norecurse", "+time=3", "+tries=2", .. options, name, type];
        var result = await ExternalTool.RunAsync(dig, arguments, stdin: null, TimeSpan.FromSeconds(30));
        Assert.That(result.ExitCode, Is.Zero, $"dig {string.Join(' ', arguments)}\n{result.StandardOutput}{result.StandardError}");
        return DigAnswer.Parse(result.StandardOutput);
    }
}
