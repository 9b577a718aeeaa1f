using Microsoft.Extensions.Logging;
using Relay.Delivery.Bounces;
using Relay.Delivery.Events;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Queue;

/// <summary>
/// One delivery attempt of one message: its pending recipients, grouped by destination, each group routed and
/// handed to the transport; then the new envelope (states, history, next attempt) and any notification.
/// </summary>
internal sealed class DeliveryPass(
    DeliverySchedulerParts parts, QueueOptions options, RetrySchedule schedule, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Delivers and returns the envelope to store: with <see cref="SpoolEnvelope.NextAttemptAt"/> set when
    /// recipients are still pending, null when the message is done (delivered, failed or expired) and can go.
    /// </summary>
    public async Task<SpoolEnvelope> RunAsync(SpoolEnvelope envelope, CancellationToken cancellationToken)
    {
        var pending = envelope.Recipients
            .Where(recipient => recipient.State == RecipientState.Pending)
            .Select(recipient => recipient.Address)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var results = new Dictionary<string, (RecipientResult Result, string? RemoteHost)>(StringComparer.OrdinalIgnoreCase);
        var history = envelope.History.ToList();
        var suppressed = await SuppressedAsync(envelope, pending, cancellationToken);
        if (suppressed.Count > 0)
        {
            foreach (var recipient in suppressed)
            {
                results[recipient] = (SuppressedResult, null);
            }

            pending = pending.Where(recipient => !suppressed.Contains(recipient)).ToList();
            history.Add(new SpoolAttempt { At = time.GetUtcNow(), Destination = "suppression list", Result = string.Join("; ", suppressed.Select(r => $"{r}: {SuppressedResult.Reply}")) });
            QueueLog.Suppressed(logger, envelope.Id, suppressed.Count, envelope.AccountId);
            parts.Instruments?.Suppressed(suppressed.Count);
        }

        foreach (var group in pending.GroupBy(parts.Router.DestinationOf, StringComparer.OrdinalIgnoreCase))
        {
            var route = await parts.Router.RouteAsync(group.Key, cancellationToken);
            DeliveryReport report;
            await using (var content = await parts.Spool.OpenContentAsync(envelope.Id, cancellationToken))
            {
                var request = new DeliveryRequest(envelope.ReversePath, group.ToList(), envelope.EightBitMime, envelope.SmtpUtf8, content);
                var started = time.GetTimestamp();
                report = await parts.Transport.DeliverAsync(route, request, cancellationToken);
                parts.Instruments?.Delivered(time.GetElapsedTime(started));
            }

            foreach (var recipient in group)
            {
                var result = report.Results.GetValueOrDefault(recipient)
                    ?? RecipientResult.Temporary("4.3.0", "The transport reported nothing for this recipient");
                results[recipient] = (result, report.RemoteHost);
                parts.Instruments?.Attempted(result.Outcome);
            }

            var summary = string.Join("; ", group.Select(recipient => $"{recipient}: {results[recipient].Result.Reply}"));
            history.Add(new SpoolAttempt { At = time.GetUtcNow(), Destination = report.Destination, Result = summary });
            QueueLog.Attempted(logger, envelope.Id, envelope.Attempts + 1, report.Destination, summary);
        }

        await RecordHardBouncesAsync(envelope, results, cancellationToken);
        return await ConcludeAsync(envelope, results, history, cancellationToken);
    }

    /// <summary>SES's words for a recipient on the account's suppression list (bounce subtype OnAccountSuppressionList).</summary>
    internal static RecipientResult SuppressedResult { get; } = RecipientResult.Permanent(
        550, "5.1.1", "Relay did not send the message to this address because it is on the suppression list for your account (OnAccountSuppressionList)");

    private async Task<IReadOnlySet<string>> SuppressedAsync(SpoolEnvelope envelope, List<string> pending, CancellationToken cancellationToken)
    {
        if (parts.Suppression is not { } suppression || pending.Count == 0)
        {
            return new HashSet<string>();
        }

        try
        {
            return await suppression.SuppressedAmongAsync(envelope.AccountId, pending, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The list protects reputation; it must not hold up mail: without it, the recipients are attempted.
            QueueLog.SuppressionFailed(logger, envelope.Id, exception);
            return new HashSet<string>();
        }
    }

    /// <summary>Every hard bounce (<see cref="RecipientResult.IsHardBounce"/>) of this pass goes on the account's list.</summary>
    private async Task RecordHardBouncesAsync(
        SpoolEnvelope envelope, Dictionary<string, (RecipientResult Result, string? RemoteHost)> results, CancellationToken cancellationToken)
    {
        if (parts.Suppression is not { } suppression)
        {
            return;
        }

        var hardBounces = results.Where(pair => pair.Value.Result.IsHardBounce && !ReferenceEquals(pair.Value.Result, SuppressedResult));
        foreach (var (recipient, (result, _)) in hardBounces)
        {
            try
            {
                if (await suppression.RecordHardBounceAsync(envelope.AccountId, recipient, envelope.Id, result.Reply, cancellationToken))
                {
                    QueueLog.AddedToSuppressionList(logger, envelope.Id, recipient, envelope.AccountId);
                    parts.Instruments?.Listed();
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                QueueLog.SuppressionFailed(logger, envelope.Id, exception);
            }
        }
    }

    private async Task<SpoolEnvelope> ConcludeAsync(
        SpoolEnvelope envelope, Dictionary<string, (RecipientResult Result, string? RemoteHost)> results,
        List<SpoolAttempt> history, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failed = new List<FailedRecipient>();
        var recipients = envelope.Recipients.Select(recipient =>
        {
            if (recipient.State != RecipientState.Pending || !results.TryGetValue(recipient.Address, out var outcome))
            {
                return recipient;
            }

            var state = outcome.Result.Outcome switch
            {
                ForwardOutcome.Delivered => RecipientState.Delivered,
                ForwardOutcome.PermanentFailure => RecipientState.Failed,
                _ => RecipientState.Pending,
            };
            if (state == RecipientState.Failed)
            {
                failed.Add(new FailedRecipient(
                    recipient.Address, outcome.Result.EnhancedStatusCode, outcome.Result.Reply, outcome.RemoteHost, now));
            }

            return recipient with { State = state, LastReply = outcome.Result.Reply };
        }).ToList();

        var age = now - envelope.CreatedAt;
        var stillPending = recipients.Count(recipient => recipient.State == RecipientState.Pending);
        if (stillPending > 0 && age >= options.MaxAge)
        {
            QueueLog.Expired(logger, envelope.Id, age, stillPending);
            recipients = recipients.Select(recipient =>
            {
                if (recipient.State != RecipientState.Pending)
                {
                    return recipient;
                }

                var diagnostic = recipient.LastReply ?? "451 4.4.7 Delivery time expired";
                failed.Add(new FailedRecipient(recipient.Address, "4.4.7", diagnostic, null, now));
                return recipient with { State = RecipientState.Failed, LastReply = diagnostic };
            }).ToList();
            stillPending = 0;
        }

        Count(envelope, recipients, stillPending, failed.Count);
        var attempts = envelope.Attempts + 1;
        var updated = envelope with
        {
            Recipients = recipients,
            Attempts = attempts,
            History = history,
            LastError = results.Values.Select(r => r.Result).FirstOrDefault(r => r.Outcome != ForwardOutcome.Delivered)?.Reply,
            NextAttemptAt = stillPending > 0 ? now + schedule.DelayAfter(attempts) : null,
        };

        // Queued before the failure is recorded: a crash in between repeats the notification rather than losing it.
        if (failed.Count > 0)
        {
            await NotifyAsync(updated, failed, now, cancellationToken);
        }

        // Kept before the pass is recorded, for the same reason: at least once.
        await PublishAsync(updated, envelope, results, now, cancellationToken);

        if (updated.NextAttemptAt is { } next)
        {
            QueueLog.Deferred(logger, envelope.Id, stillPending, next);
        }
        else
        {
            var deliveredCount = recipients.Count(r => r.State == RecipientState.Delivered);
            var failedCount = recipients.Count(r => r.State == RecipientState.Failed);
            QueueLog.Completed(logger, envelope.Id, deliveredCount, failedCount);
        }

        return updated;
    }

    /// <summary>This pass's events: who was delivered, who bounced (suppressed ones apart), who waits for another try.</summary>
    private async Task PublishAsync(
        SpoolEnvelope updated, SpoolEnvelope before, Dictionary<string, (RecipientResult Result, string? RemoteHost)> results,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (parts.Events is not { } events)
        {
            return;
        }

        var attempted = before.Recipients.Where(r => r.State == RecipientState.Pending).Select(r => r.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var outcomes = updated.Recipients
            .Where(recipient => attempted.Contains(recipient.Address))
            .Select(recipient => (recipient.State, Outcome: results.TryGetValue(recipient.Address, out var r)
                ? new RecipientOutcome(recipient.Address, r.Result, r.RemoteHost)
                : new RecipientOutcome(recipient.Address, RecipientResult.Temporary("4.4.7", recipient.LastReply ?? "Delivery time expired"), null)))
            .ToList();
        var delivered = outcomes.Where(o => o.State == RecipientState.Delivered).Select(o => o.Outcome).ToList();
        var failed = outcomes.Where(o => o.State == RecipientState.Failed).Select(o => o.Outcome).ToList();
        var suppressed = failed.Where(o => ReferenceEquals(o.Result, SuppressedResult)).ToList();
        var bounced = failed.Except(suppressed).ToList();
        var delayed = outcomes.Where(o => o.State == RecipientState.Pending).Select(o => o.Outcome).ToList();
        var expires = before.CreatedAt + options.MaxAge;
        var happened = new[]
        {
            new DeliveryEvent(DeliveryEventKind.Delivery, updated, now, delivered),
            new DeliveryEvent(DeliveryEventKind.Bounce, updated, now, bounced),
            new DeliveryEvent(DeliveryEventKind.Bounce, updated, now, suppressed) { Suppressed = true },
            new DeliveryEvent(DeliveryEventKind.DeliveryDelay, updated, now, delayed, expires),
        };
        foreach (var deliveryEvent in happened.Where(e => e.Recipients.Count > 0))
        {
            await PublishOrLogAsync(events, deliveryEvent, logger, cancellationToken);
        }
    }

    /// <summary>
    /// Keeps one event; a failure to keep it (a full or broken disk) is logged, not thrown, because failing the pass
    /// would deliver the message again: a lost event is the lesser harm than a duplicate message.
    /// </summary>
    internal static async Task PublishOrLogAsync(IDeliveryEventSink events, DeliveryEvent deliveryEvent, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await events.PublishAsync(deliveryEvent, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            QueueLog.EventNotKept(logger, deliveryEvent.Envelope.Id, deliveryEvent.Kind, exception);
        }
    }

    private void Count(SpoolEnvelope before, List<SpoolRecipient> after, int stillPending, int failed)
    {
        var delivered = after.Count(r => r.State == RecipientState.Delivered)
                        - before.Recipients.Count(r => r.State == RecipientState.Delivered);
        parts.Counters.AddDelivered(delivered);
        parts.Counters.AddDeferred(stillPending);
        parts.Counters.AddBounced(failed);
    }

    private async Task NotifyAsync(SpoolEnvelope envelope, List<FailedRecipient> failed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (envelope.ReversePath.Length == 0)
        {
            QueueLog.NotBouncedNullSender(logger, envelope.Id, failed.Count);
            return;
        }

        BounceMessage bounce;
        await using (var content = await parts.Spool.OpenContentAsync(envelope.Id, cancellationToken))
        {
            bounce = await parts.Notifications.BuildAsync(envelope, failed, content, now, cancellationToken);
        }

        await parts.Bounces.SubmitAsync(bounce, cancellationToken);
        QueueLog.Bounced(logger, envelope.Id, failed.Count, envelope.ReversePath);
    }
}
