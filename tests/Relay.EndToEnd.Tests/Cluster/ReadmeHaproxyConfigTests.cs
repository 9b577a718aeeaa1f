using System.Net;
using Relay.EndToEnd.Tests.FirstScreen;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// The HAProxy configuration the README's "Several nodes" gives operators: HAProxy itself accepts it
/// (<c>haproxy -c</c>), and apart from addresses it is the one the failover test runs.
/// </summary>
public sealed class ReadmeHaproxyConfigTests
{
    [Test]
    public async Task The_readme_configuration_is_valid_and_is_the_one_the_failover_test_runs()
    {
        HaproxyFrontDoor.Require();
        var readme = await File.ReadAllTextAsync(Path.Combine(ClonedSources.RepositoryRoot(), "README.md"));
        var block = ReadmeBlock(readme);
        var folder = Directory.CreateTempSubdirectory("relay-haproxy-check-").FullName;
        try
        {
            var file = Path.Combine(folder, "haproxy.cfg");
            await File.WriteAllTextAsync(file, block);
            var check = await ExternalTool.RunAsync(HaproxyFrontDoor.Executable, ["-c", "-f", file], stdin: null, TimeSpan.FromSeconds(30));
            Assert.That(check.ExitCode, Is.Zero, check.StandardError + check.StandardOutput);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var tested = HaproxyFrontDoor.Config(new IPEndPoint(IPAddress.Loopback, 2587), 8404, []);
        Assert.That(Directives(block), Is.EqualTo(Directives(tested[..tested.IndexOf("listen stats", StringComparison.Ordinal)])
            .Where(line => line is not "global" && !line.StartsWith("maxconn", StringComparison.Ordinal))));
    }

    /// <summary>The fenced block of the README that holds the SMTP frontend.</summary>
    private static string ReadmeBlock(string readme)
    {
        var frontend = readme.IndexOf("frontend smtp", StringComparison.Ordinal);
        Assert.That(frontend, Is.GreaterThan(0), "the README shows an HAProxy configuration");
        var open = readme.LastIndexOf("```\n", frontend, StringComparison.Ordinal) + "```\n".Length;
        var close = readme.IndexOf("\n```", frontend, StringComparison.Ordinal);
        return readme[open..close] + "\n";
    }

    /// <summary>The directives, without comments, addresses (bind, server) and blank lines.</summary>
    private static List<string> Directives(string config) =>
        config.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("bind ", StringComparison.Ordinal) && !line.StartsWith("server ", StringComparison.Ordinal))
            .ToList();
}
