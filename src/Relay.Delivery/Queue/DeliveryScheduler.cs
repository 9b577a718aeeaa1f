using Microsoft.Extensions.Logging;
using Relay.Delivery.Bounces;
using Relay.Delivery.Events;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Queue;

/// <summary>
/// Store and forward: messages are durable in the spool before <see cref="EnqueueAsync"/> returns, then delivered
/// in the background, recipient by recipient, retried with exponential backoff and jitter until they are done or
/// <see cref="QueueOptions.MaxAge"/> has passed. Failures are reported to the sender in an RFC 3464 notification.
/// </summary>
/// <remarks>
/// <para>One pass delivers one message to every destination of its pending recipients. Its results are written to
/// the envelope (recipient states, attempt history) before the next pass; a notification is queued before the
/// failure it reports is recorded, so a crash can repeat a notification but never lose one.</para>
/// <para>Call <see cref="RecoverAsync"/> once before the first <see cref="EnqueueAsync"/>; then
/// <see cref="RunAsync"/> until shutdown. On shutdown passes in flight finish unless
/// <see cref="AbortDeliveries"/> is called; an aborted pass leaves its message as it was, to be delivered again.</para>
/// </remarks>
public sealed class DeliveryScheduler : IDisposable
{
    private readonly DeliverySchedulerParts _parts;
    private readonly QueueOptions _options;
    private readonly RetrySchedule _schedule;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryScheduler> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, QueueEntry> _entries = new(StringComparer.Ordinal);
    private readonly DueQueue _due = new();
    private readonly HashSet<Task> _running = [];
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Creates the queue; throws if <paramref name="options"/> are invalid.</summary>
    public DeliveryScheduler(
        DeliverySchedulerParts parts, QueueOptions options, RetrySchedule schedule, TimeProvider timeProvider, ILogger<DeliveryScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _parts = parts;
        _options = options;
        _schedule = schedule;
        _time = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrentDeliveries);
    }

    /// <summary>Spools the message (durably: the caller may answer 250 once this returns) and schedules it now.</summary>
    public async Task<SpooledMessage> EnqueueAsync(QueuedMessage message, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(content);
        var envelope = new SpoolEnvelope
        {
            Id = message.Id ?? string.Empty,
            ReversePath = message.ReversePath,
            Recipients = message.Recipients.Select(address => new SpoolRecipient { Address = address }).ToList(),
            EightBitMime = message.EightBitMime,
            SmtpUtf8 = message.SmtpUtf8,
            AccountId = message.AccountId,
            ConfigurationSetName = message.ConfigurationSetName,
            MessageTags = message.MessageTags,
        };
        var spooled = await _parts.Spool.AddAsync(envelope, content, cancellationToken);
        if (_parts.Events is { } events)
        {
            // Before the 250, so that an acknowledged message has its Send event; but the message is spooled, so a
            // failure to keep the event must not turn into an error the client would answer by sending it again.
            await DeliveryPass.PublishOrLogAsync(
                events, new DeliveryEvent(DeliveryEventKind.Send, spooled.Envelope, spooled.Envelope.CreatedAt, []), _logger, cancellationToken);
        }

        _parts.Counters.AddAccepted();
        lock (_gate)
        {
            Add(new QueueEntry(spooled.Envelope, spooled.Envelope.CreatedAt));
        }

        _wake.Release();
        return spooled;
    }

    /// <summary>Loads what the spool holds (cleaning up after a crash) and applies waiting operator requests.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var count = 0;
        await foreach (var envelope in _parts.Spool.RecoverAsync(cancellationToken))
        {
            lock (_gate)
            {
                Add(new QueueEntry(envelope, envelope.NextAttemptAt ?? now));
            }

            count++;
        }

        await ApplyCommandsAsync(cancellationToken);
        QueueLog.Started(_logger, count);
        return count;
    }

    /// <summary>Delivers due messages until <paramref name="stoppingToken"/> is cancelled, then waits for passes in flight.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ApplyCommandsAsync(stoppingToken);
                StartDue();
                await WaitAsync(NextWake(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: no new passes.
        }

        await WhenIdleAsync();
    }

    /// <summary>Cancels passes in flight (the host's shutdown timeout ran out); their messages stay as they were.</summary>
    public void AbortDeliveries() => _abort.Cancel();

    /// <summary>Makes a message due now; false when it is not in the queue.</summary>
    public bool RetryNow(string id)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var entry))
            {
                return false;
            }

            entry.DueAt = _time.GetUtcNow();
            if (!entry.InFlight)
            {
                _due.Add(entry);
            }
        }

        _wake.Release();
        return true;
    }

    /// <summary>Removes a message without delivering or bouncing it; false when it is not in the queue.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var entry))
            {
                return false;
            }

            if (entry.InFlight)
            {
                entry.DeleteRequested = true;
                return true;
            }

            _entries.Remove(id);
        }

        await _parts.Spool.DeleteAsync(id, cancellationToken);
        return true;
    }

    /// <summary>The envelopes in the queue, oldest first.</summary>
    public IReadOnlyList<SpoolEnvelope> Snapshot()
    {
        lock (_gate)
        {
            return _entries.Values.Select(entry => entry.Envelope).OrderBy(envelope => envelope.Id, StringComparer.Ordinal).ToList();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _abort.Dispose();
        _slots.Dispose();
        _wake.Dispose();
    }

    /// <summary>Starts every pass that is due and waits for all passes to end (tests drive the clock with this).</summary>
    internal async Task DeliverDueAsync()
    {
        await ApplyCommandsAsync(CancellationToken.None);
        StartDue();
        await WhenIdleAsync();
    }

    private async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                running = [.. _running];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running);
        }
    }

    private async Task ApplyCommandsAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, command) in _parts.Commands?.TakeAll() ?? [])
        {
            QueueLog.OperatorCommand(_logger, id, command);
            _ = command == SpoolCommand.Delete ? await DeleteAsync(id, cancellationToken) : RetryNow(id);
        }
    }

    private void StartDue()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            while (_slots.Wait(0))
            {
                if (_due.TakeDue(now, IsWaiting) is not { } entry)
                {
                    _slots.Release();
                    return;
                }

                entry.InFlight = true;
                var pass = Task.Run(() => RunPassAsync(entry));
                _running.Add(pass);
                _ = pass.ContinueWith(Finished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Under the lock: still queued (not deleted meanwhile) and not being delivered.</summary>
    private bool IsWaiting(QueueEntry entry) =>
        !entry.InFlight && _entries.TryGetValue(entry.Envelope.Id, out var current) && ReferenceEquals(current, entry);

    /// <summary>Under the lock: a new entry, in the table and in the due order.</summary>
    private void Add(QueueEntry entry)
    {
        _entries[entry.Envelope.Id] = entry;
        _due.Add(entry);
    }

    private void Finished(Task pass)
    {
        lock (_gate)
        {
            _running.Remove(pass);
        }

        _slots.Release();
        _wake.Release();
    }

    private TimeSpan NextWake()
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? next;
        lock (_gate)
        {
            next = _due.Earliest(IsWaiting);
        }

        // Due but waiting for a free slot: the pass that frees it wakes the loop.
        var wait = next is { } due && due > now ? due - now : _options.CommandPollInterval;
        return wait < _options.CommandPollInterval ? wait : _options.CommandPollInterval;
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        using var timer = new CancellationTokenSource(delay, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The timer: something may be due.
        }
    }

    private async Task RunPassAsync(QueueEntry entry)
    {
        var id = entry.Envelope.Id;
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = id });
        try
        {
            SpoolEnvelope before;
            lock (_gate)
            {
                before = entry.Envelope;
            }

            var after = await new DeliveryPass(_parts, _options, _schedule, _time, _logger).RunAsync(before, _abort.Token);
            bool remove;
            lock (_gate)
            {
                remove = after.NextAttemptAt is null || entry.DeleteRequested;
                entry.Envelope = after;
                entry.DueAt = after.NextAttemptAt ?? entry.DueAt;
                if (remove)
                {
                    _entries.Remove(id);
                }
            }

            if (remove)
            {
                await _parts.Spool.DeleteAsync(id, CancellationToken.None);
            }
            else
            {
                await _parts.Spool.UpdateAsync(after, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown gave up waiting: the spool still holds the message as it was before this pass.
        }
#pragma warning disable CA1031 // One message's failure (a full disk, a bug) must not stop the queue for every other message.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            QueueLog.PassFailed(_logger, id, exception);
            lock (_gate)
            {
                entry.DueAt = _time.GetUtcNow() + _schedule.DelayAfter(Math.Max(1, entry.Envelope.Attempts));
            }
        }
        finally
        {
            lock (_gate)
            {
                entry.InFlight = false;
                if (IsWaiting(entry))
                {
                    _due.Add(entry);
                }
            }
        }
    }
}
