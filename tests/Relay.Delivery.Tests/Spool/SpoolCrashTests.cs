using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Relay.Delivery.Spool;
using Relay.SpoolCrashProbe;

namespace Relay.Delivery.Tests.Spool;

/// <summary>
/// Kills a process that is adding messages (SIGKILL, no chance to clean up) and checks that every message
/// whose add had returned is recovered intact.
/// </summary>
public sealed class SpoolCrashTests
{
    private const int SigKillExitCode = 128 + 9;
    private static readonly TimeSpan RoundLimit = TimeSpan.FromSeconds(4);

    [Test]
    [CancelAfter(20_000)]
    public async Task Every_acknowledged_message_survives_repeated_sigkill(CancellationToken cancellationToken)
    {
        using var folder = new SpoolFolder();
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        int[] killAfter = [40, 90, 150];

        for (var round = 0; round < killAfter.Length; round++)
        {
            var printed = await RunAndKillAsync(folder.Path, firstSequence: round * 1_000_000L, killAfter[round], cancellationToken);
            foreach (var (id, sequence) in printed)
            {
                acknowledged.Add(id, sequence);
            }

            await AssertRecoveredAsync(folder, acknowledged);
        }
    }

    private static async Task AssertRecoveredAsync(SpoolFolder folder, Dictionary<string, long> acknowledged)
    {
        var logger = new CapturingLogger<FileMessageSpool>();
        var spool = new FileMessageSpool(folder.Path, TimeProvider.System, logger);
        var recovered = (await SpoolKit.RecoverAsync(spool)).ToDictionary(envelope => envelope.Id, StringComparer.Ordinal);
        TestContext.Out.WriteLine(logger.Entries.Single(e => e.EventId == 4100).Message);

        Assert.Multiple(() =>
        {
            Assert.That(acknowledged.Keys.Except(recovered.Keys), Is.Empty, "acknowledged but lost");
            foreach (var (id, sequence) in acknowledged)
            {
                Assert.That(ProbeMessage.SequenceOf(recovered[id]), Is.EqualTo(sequence), id);
            }

            Assert.That(Directory.GetFiles(folder.Corrupt), Is.Empty, "quarantined");
            Assert.That(logger.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message), Is.Empty);
        });

        // Everything committed, acknowledged or not (the kill may land between an add and its print), is intact.
        foreach (var envelope in recovered.Values)
        {
            var sequence = ProbeMessage.SequenceOf(envelope);
            Assert.That(SpoolKit.Canonical(envelope with { Id = string.Empty, CreatedAt = default }),
                Is.EqualTo(SpoolKit.Canonical(ProbeMessage.Envelope(sequence))), envelope.Id);
            Assert.That(await SpoolKit.ReadContentAsync(spool, envelope.Id), Is.EqualTo(ProbeMessage.Content(sequence)), envelope.Id);
        }
    }

    private static async Task<List<(string Id, long Sequence)>> RunAndKillAsync(
        string spoolFolder, long firstSequence, int killAfter, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Relay.SpoolCrashProbe.dll"));
        start.ArgumentList.Add(spoolFolder);
        start.ArgumentList.Add(firstSequence.ToString(CultureInfo.InvariantCulture));

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var lines = Channel.CreateUnbounded<string>();
        var reading = PumpAsync(process.StandardOutput, lines.Writer);

        var printed = new List<(string Id, long Sequence)>();
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            window.CancelAfter(RoundLimit);
            try
            {
                while (printed.Count < killAfter)
                {
                    printed.Add(Parse(await lines.Reader.ReadAsync(window.Token)));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow disk: kill after the time limit instead of the count.
            }
            catch (ChannelClosedException)
            {
                // The probe ended by itself; the exit code check below reports it.
            }
        }

        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
        await reading;

        // Lines printed between deciding to kill and the kill landing are acknowledgements too.
        while (lines.Reader.TryRead(out var line))
        {
            printed.Add(Parse(line));
        }

        var stderr = await errors;
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(SigKillExitCode), $"the probe was not killed mid-stream: {stderr}");
            Assert.That(printed, Has.Count.GreaterThanOrEqualTo(5), $"the probe hardly ran: {stderr}");
        });
        TestContext.Out.WriteLine($"killed the probe after {printed.Count} acknowledged adds");
        return printed;
    }

    private static async Task PumpAsync(StreamReader output, ChannelWriter<string> lines)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            lines.TryWrite(line);
        }

        lines.Complete();
    }

    private static (string Id, long Sequence) Parse(string line)
    {
        var parts = line.Split(' ');
        return (parts[0], long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture));
    }
}
