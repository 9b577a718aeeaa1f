using System.Globalization;
using Relay.Configuration;
using Relay.Delivery.Spool;
using Relay.Queueing;

namespace Relay.Cli;

/// <summary>
/// <c>relay queue list|show ID|retry ID|delete ID</c>. Reading never changes the spool; retry and delete leave a
/// request that the running relay carries out within a second (or the next start does, before delivering).
/// </summary>
internal static class QueueCommands
{
    public static async Task<int> RunAsync(
        string verb, CliArguments args, LoadedSettings settings, TimeProvider timeProvider, TextWriter output, CancellationToken cancellationToken)
    {
        AccountCommands.RejectUnknown(args);
        var spool = QueuePaths.Spool(settings);
        var reader = new SpoolReader(spool);
        switch (verb)
        {
            case "list":
                var now = timeProvider.GetUtcNow();
                var envelopes = await reader.ListAsync(cancellationToken);
                foreach (var envelope in envelopes)
                {
                    await output.WriteLineAsync(ListLine(envelope, now));
                }

                await output.WriteLineAsync($"{envelopes.Count} message(s) in {spool}");
                return 0;
            case "show":
                var id = IdArgument(args, verb);
                var found = await reader.FindAsync(id, cancellationToken);
                if (found is null)
                {
                    return await NotFoundAsync(output, id);
                }

                await ShowAsync(output, found, reader.ContentLength(id));
                return 0;
            case "retry" or "delete":
                var target = IdArgument(args, verb);
                if (await reader.FindAsync(target, cancellationToken) is null)
                {
                    return await NotFoundAsync(output, target);
                }

                var command = verb == "retry" ? SpoolCommand.Retry : SpoolCommand.Delete;
                await new SpoolCommandInbox(spool).RequestAsync(target, command, cancellationToken);
                await output.WriteLineAsync($"{verb} of {target} requested; the running relay (or its next start) carries it out");
                return 0;
            default:
                throw new CliUsageException($"unknown command 'queue {verb}'.");
        }
    }

    private static string IdArgument(CliArguments args, string verb)
    {
        var id = args.Words.Count == 3 ? args.Words[2] : throw new CliUsageException($"queue {verb} takes one message id.");
        return SpoolReader.IsId(id) ? id : throw new CliUsageException($"'{id}' is not a queue id (32 hexadecimal digits, as 'queue list' shows).");
    }

    private static async Task<int> NotFoundAsync(TextWriter output, string id)
    {
        await output.WriteLineAsync($"no message {id} in the queue");
        return 1;
    }

    private static string ListLine(SpoolEnvelope envelope, DateTimeOffset now)
    {
        var pending = envelope.Recipients.Count(r => r.State == RecipientState.Pending);
        var age = now - envelope.CreatedAt;
        var next = envelope.NextAttemptAt?.ToString("u", CultureInfo.InvariantCulture) ?? "now";
        return string.Create(CultureInfo.InvariantCulture,
            $"{envelope.Id}\tage={age:d\\.hh\\:mm\\:ss}\tattempts={envelope.Attempts}\tpending={pending}/{envelope.Recipients.Count}\tnext={next}\tfrom=<{envelope.ReversePath}>\tlast={envelope.LastError ?? "-"}");
    }

    private static async Task ShowAsync(TextWriter output, SpoolEnvelope envelope, long? length)
    {
        await output.WriteLineAsync($"id:          {envelope.Id}");
        await output.WriteLineAsync($"from:        <{envelope.ReversePath}>");
        await output.WriteLineAsync($"account:     {envelope.AccountId ?? "-"}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"created:     {envelope.CreatedAt:u}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"size:        {length?.ToString(CultureInfo.InvariantCulture) ?? "-"} bytes{(envelope.EightBitMime ? ", 8BITMIME" : string.Empty)}{(envelope.SmtpUtf8 ? ", SMTPUTF8" : string.Empty)}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"attempts:    {envelope.Attempts}, next {envelope.NextAttemptAt?.ToString("u", CultureInfo.InvariantCulture) ?? "now"}"));
        foreach (var recipient in envelope.Recipients)
        {
            await output.WriteLineAsync($"recipient:   <{recipient.Address}> {recipient.State} {recipient.LastReply ?? string.Empty}".TrimEnd());
        }

        foreach (var attempt in envelope.History)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"attempt:     {attempt.At:u} {attempt.Destination}: {attempt.Result}"));
        }
    }
}
