using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Delivery.Spool;

namespace Relay.SpoolCrashProbe;

/// <summary>
/// Usage: <c>Relay.SpoolCrashProbe SPOOL-FOLDER FIRST-SEQUENCE</c>. Recovers the spool, then adds
/// <see cref="ProbeMessage"/>s forever, printing "id sequence" only after each add has returned.
/// </summary>
internal static class Program
{
    // A probe its test forgot to kill stops by itself.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || !long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
        {
            await Console.Error.WriteLineAsync("usage: Relay.SpoolCrashProbe SPOOL-FOLDER FIRST-SEQUENCE");
            return 2;
        }

        var spool = new FileMessageSpool(args[0], TimeProvider.System, NullLogger<FileMessageSpool>.Instance);
        await foreach (var _ in spool.RecoverAsync(CancellationToken.None))
        {
        }

        using var lifetime = new CancellationTokenSource(Lifetime);
        for (var sequence = first; !lifetime.IsCancellationRequested; sequence++)
        {
            using var content = new MemoryStream(ProbeMessage.Content(sequence), writable: false);
            var added = await spool.AddAsync(ProbeMessage.Envelope(sequence), content, CancellationToken.None);
            await Console.Out.WriteLineAsync($"{added.Envelope.Id} {sequence.ToString(CultureInfo.InvariantCulture)}");
        }

        return 0;
    }
}
