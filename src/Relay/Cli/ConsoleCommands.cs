using Relay.Core.Accounts;

namespace Relay.Cli;

/// <summary>
/// <c>relay console hash-password [--password-file FILE]</c>: prints the hash to put in
/// <c>Relay:Console:Users:N:PasswordHash</c>, made as SMTP passwords are. The password comes from the file's first line
/// or from standard input, never from the command line (where <c>ps</c> and shell history would keep it). Touches
/// neither the data folder nor the store.
/// </summary>
internal static class ConsoleCommands
{
    public static async Task<int> RunAsync(string verb, CliArguments args, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (verb != "hash-password")
        {
            throw new CliUsageException($"unknown command 'console {verb}'.");
        }

        if (args.UnknownOptions("password-file").FirstOrDefault() is { } unknown)
        {
            throw new CliUsageException($"unknown option '--{unknown}' for 'console hash-password'.");
        }

        var password = args.Optional("password-file") is { } file
            ? (await File.ReadAllLinesAsync(file, cancellationToken)).FirstOrDefault()
            : await input.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
        {
            throw new CliUsageException("the password (first line of standard input or of --password-file) must not be empty.");
        }

        await output.WriteLineAsync(SmtpPasswordHasher.Hash(password));
        return 0;
    }
}
