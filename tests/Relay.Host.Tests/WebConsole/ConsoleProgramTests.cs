using Relay.Core.Accounts;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests.WebConsole;

/// <summary>The console's setting and command through the program itself, as an operator meets them.</summary>
public sealed class ConsoleProgramTests
{
    [Test]
    public async Task A_bad_listen_value_stops_relay_run_with_one_line_and_exit_code_2()
    {
        using var relay = new RelayProgram();

        var result = await relay.RunAsync("run", "--Relay:Console:Listen=localhost:8026");

        var error = result.StandardError.TrimEnd();
        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardError + result.StandardOutput);
        Assert.That(error, Does.StartWith("relay: configuration error: Relay:Console:Listen 'localhost:8026' is not a port"));
        Assert.That(error, Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task Hash_password_prints_a_hash_of_the_files_first_line_and_nothing_else()
    {
        using var relay = new RelayProgram();
        var file = Path.Combine(relay.DataDirectory, "console-password");
        await File.WriteAllTextAsync(file, "a long pass phrase\nsecond line\n");

        var result = await relay.RunRawAsync(["console", "hash-password", "--password-file", file]);

        var hash = result.StandardOutput.Trim();
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(SmtpPasswordHasher.Verify("a long pass phrase", hash), Is.True);
        Assert.That(File.Exists(Path.Combine(relay.DataDirectory, "relay.db")), Is.False, "the command touches no store");
    }
}
