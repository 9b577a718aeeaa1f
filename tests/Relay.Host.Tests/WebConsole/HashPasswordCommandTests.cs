using Relay.Cli;
using Relay.Core.Accounts;

namespace Relay.Host.Tests.WebConsole;

public sealed class HashPasswordCommandTests
{
    [Test]
    public async Task The_password_from_standard_input_becomes_a_hash_that_verifies_it()
    {
        using var output = new StringWriter();

        var exit = await ConsoleCommands.RunAsync("hash-password", CliArguments.Parse(["console", "hash-password"]),
            new StringReader("a long pass phrase\n"), output, CancellationToken.None);

        var hash = output.ToString().Trim();
        Assert.That(exit, Is.Zero);
        Assert.That(hash, Does.StartWith("pbkdf2-sha256$"));
        Assert.That(hash, Does.Not.Contain("a long pass phrase"));
        Assert.That(SmtpPasswordHasher.Verify("a long pass phrase", hash), Is.True);
    }

    [Test]
    public void An_empty_password_or_a_password_option_is_a_usage_error()
    {
        Assert.ThrowsAsync<CliUsageException>(() => ConsoleCommands.RunAsync("hash-password", CliArguments.Parse(["console", "hash-password"]),
            new StringReader(string.Empty), TextWriter.Null, CancellationToken.None));
        Assert.ThrowsAsync<CliUsageException>(() => ConsoleCommands.RunAsync("hash-password", CliArguments.Parse(["console", "hash-password", "--password", "x"]),
            new StringReader("x\n"), TextWriter.Null, CancellationToken.None));
    }
}
