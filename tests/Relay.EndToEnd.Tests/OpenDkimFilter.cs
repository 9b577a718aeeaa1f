using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// OpenDKIM's filter in its test mode (<c>opendkim -t FILE</c>) as a third verifier, asking a real resolver: Debian's
/// libopendkim is built on libunbound, and <c>ResolverConfiguration</c> names an unbound.conf that forwards every
/// query to the test network's resolver. <c>opendkim-testmsg</c> is not used: it takes no resolver setting and asks
/// the one in /etc/resolv.conf (against the test zones it says "Key retrieval failed").
/// </summary>
internal static partial class OpenDkimFilter
{
    public const string OpenDkimPath = "/usr/sbin/opendkim";

    /// <summary>One <c>dkim=</c> result of the Authentication-Results field the filter would add.</summary>
    public sealed record Result(string Domain, string Selector, string Algorithm, string Verdict);

    /// <summary>The filter's verdicts and what it printed.</summary>
    public sealed record Report(IReadOnlyList<Result> Results, string Output)
    {
        public override string ToString() =>
            string.Join(Environment.NewLine, Results.Select(result => $"d={result.Domain} s={result.Selector} a={result.Algorithm}: {result.Verdict}")) + Environment.NewLine + Output;
    }

    /// <summary>The filter's verdict on every signature of <paramref name="message"/>, in the filter's order.</summary>
    public static async Task<Report> VerifyThroughResolverAsync(byte[] message, IPEndPoint resolver)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(resolver);
        var opendkim = ExternalTool.Require(OpenDkimPath, "opendkim");
        var folder = Directory.CreateTempSubdirectory("relay-opendkim-").FullName;
        try
        {
            var unbound = Path.Combine(folder, "unbound.conf");
            await File.WriteAllTextAsync(unbound, string.Create(CultureInfo.InvariantCulture,
                $"server:\n  do-not-query-localhost: no\n  local-zone: \"test.\" nodefault\nforward-zone:\n  name: \".\"\n  forward-addr: {resolver.Address}@{resolver.Port}\n"));
            var configuration = Path.Combine(folder, "opendkim.conf");
            await File.WriteAllTextAsync(configuration, $"Mode v\nSyslog no\nAlwaysAddARHeader yes\nResolverConfiguration {unbound}\n");
            var messagePath = Path.Combine(folder, "message.eml");
            await File.WriteAllBytesAsync(messagePath, message);

            // -vv prints the header fields the filter would insert, its Authentication-Results among them.
            var run = await ExternalTool.RunAsync(opendkim, ["-x", configuration, "-t", messagePath, "-vv"], stdin: null, TimeSpan.FromSeconds(60));
            Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
            var results = DkimResult().Matches(run.StandardOutput)
                .Select(match => new Result(
                    Property(match, "d"), Property(match, "s"), Property(match, "a"), match.Groups["verdict"].Value))
                .ToList();
            Assert.That(results, Is.Not.Empty, "no dkim= result in: " + run.StandardOutput + run.StandardError);
            return new Report(results, run.StandardOutput + run.StandardError);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Property(Match result, string name) =>
        Regex.Match(result.Groups["properties"].Value, $@"header\.{name}=([^\s;]+)") is { Success: true } property ? property.Groups[1].Value : string.Empty;

    // One result runs from "dkim=" to its header.b=; a comment in it may hold a semicolon ("(2048-bit key; unprotected)").
    [GeneratedRegex(@"dkim=(?<verdict>[a-z]+)(?<properties>.*?)header\.b=", RegexOptions.Singleline)]
    private static partial Regex DkimResult();
}
