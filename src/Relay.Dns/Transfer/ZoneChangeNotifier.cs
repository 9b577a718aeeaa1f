using Microsoft.Extensions.Logging;

namespace Relay.Dns.Transfer;

/// <summary>
/// Watches the key zone's serial and sends NOTIFY (RFC 1996) to every configured secondary when it changes, and once
/// at start, so that a secondary that missed changes while Relay was down catches up. A new serial supersedes the
/// NOTIFY still being retried for an older one. Does nothing without secondaries.
/// </summary>
public sealed class ZoneChangeNotifier : IAsyncDisposable
{
    private readonly DkimZoneOptions _options;
    private readonly IDkimKeyRecordSource _records;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _zone;
    private readonly NotifySender? _sender;
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource? _round;
    private Task _watching = Task.CompletedTask;
    private Task _notifying = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates a notifier; nothing is sent until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public ZoneChangeNotifier(DkimZoneOptions options, IDkimKeyRecordSource records, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _records = records;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ZoneChangeNotifier>();
        _zone = DnsNames.Normalise(options.Zone);
        if (options.Secondaries.Count > 0 && options.Tsig is { } key)
        {
            _sender = new NotifySender(key, options, timeProvider, _logger);
        }
    }

    /// <summary>Starts watching the serial (when there are secondaries).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_sender is not null)
        {
            _watching = WatchAsync(_sender, _stopping.Token);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops watching and abandons NOTIFY still being retried.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_watching, _notifying).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _round?.Dispose();
        _stopping.Dispose();
    }

    private async Task WatchAsync(NotifySender sender, CancellationToken stopping)
    {
        uint? notified = null;
        using var timer = new PeriodicTimer(_options.SerialCheckInterval, _timeProvider);
        do
        {
            uint serial;
            try
            {
                serial = await _records.SerialAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.SerialCheckFailed(_zone, exception);
                continue;
            }

            if (serial == notified)
            {
                continue;
            }

            notified = serial;
            _logger.SerialChanged(_zone, serial, _options.Secondaries.Count);
            await NotifyAllAsync(sender, serial, stopping).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stopping).ConfigureAwait(false));
    }

    private async Task NotifyAllAsync(NotifySender sender, uint serial, CancellationToken stopping)
    {
        if (_round is not null)
        {
            await _round.CancelAsync().ConfigureAwait(false);
            _round.Dispose();
        }

        var round = _round = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var notifications = _options.Secondaries.Select(secondary => NotifyOneAsync(sender, secondary, serial, round.Token));
        _notifying = Task.WhenAll(_notifying.IsCompleted ? notifications : notifications.Append(_notifying));
    }

    private async Task NotifyOneAsync(NotifySender sender, SecondaryServer secondary, uint serial, CancellationToken cancellationToken)
    {
        try
        {
            await sender.NotifyAsync(secondary, _zone, serial, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Superseded by a newer serial, or stopping.
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
