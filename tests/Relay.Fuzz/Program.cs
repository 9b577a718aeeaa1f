using System.Globalization;
using Relay.Fuzz.Dns;
using Relay.Fuzz.Smtp;

namespace Relay.Fuzz;

/// <summary>
/// <c>relay-fuzz smtp|dns [--inputs N] [--seed S] [--from I] [--deadline SECONDS]</c>: runs the target, prints progress
/// and findings (one line each) and a summary; exits 1 when something was found, 2 on a usage error.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: Relay.Fuzz smtp|dns [--inputs N] [--seed S] [--from I] [--deadline SECONDS] [--keep N] [--jobs N]";

    public static async Task<int> Main(string[] args)
    {
        if (!FuzzArguments.TryParse(args, out var arguments, out var problem))
        {
            await Console.Error.WriteLineAsync($"{problem}\n{Usage}");
            return 2;
        }

        Func<IFuzzTarget> createTarget = arguments.Target == "smtp"
            ? () => new SmtpFuzzTarget(arguments.Deadline)
            : () => new DnsFuzzTarget(arguments.Deadline);
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{arguments.Target}: seed {arguments.Seed}, inputs {arguments.Inputs:N0} from #{arguments.From}, {arguments.Jobs} jobs"));
        var runner = new FuzzRunner(createTarget, arguments.Jobs, Console.Out, TimeSpan.FromSeconds(30));
        var report = await runner.RunAsync(arguments.Seed, arguments.From, arguments.Inputs, arguments.Keep, interrupted.Token);
        Console.WriteLine(report);
        return report.FindingCount == 0 ? 0 : 1;
    }
}
