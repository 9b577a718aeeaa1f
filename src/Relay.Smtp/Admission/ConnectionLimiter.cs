using System.Net;

namespace Relay.Smtp.Admission;

/// <summary>
/// Decides, for each accepted socket, whether a session may start: the total, per-address and per-address-rate
/// limits, and the slots reserved for sessions that authenticate. Shared by every endpoint of one server.
/// </summary>
/// <remarks>
/// A session let into a reserved slot is on probation until it authenticates. When every slot is taken, a newcomer
/// takes the slot of the oldest session still on probation: a client that authenticates does so in moments, so the
/// oldest unauthenticated one is the likeliest to be holding a slot for nothing.
/// </remarks>
internal sealed class ConnectionLimiter
{
    private readonly SmtpServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<IPAddress, RateWindow> _rates = [];
    private readonly LinkedList<ConnectionLease> _onProbation = [];
    private DateTimeOffset _nextRateSweep = DateTimeOffset.MinValue;
    private int _total;
    private int _unauthenticated;

    public ConnectionLimiter(SmtpServerOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Sessions in flight (for tests and logs).</summary>
    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    private int UnauthenticatedLimit =>
        _options.MaxConnections - Math.Min(_options.ReservedAuthenticatedConnections, _options.MaxConnections - 1);

    /// <summary>A lease for the session, or why it is refused.</summary>
    public AdmissionResult TryAdmit(IPAddress remote)
    {
        var key = AddressKeys.For(remote);
        var now = _timeProvider.GetUtcNow();
        ConnectionLease? evicted = null;
        AdmissionResult result;
        lock (_lock)
        {
            if (!CountAttempt(key, now))
            {
                return AdmissionResult.Refused(AdmissionRefusal.AddressRate, _options.MaxConnectionRatePerAddress);
            }

            var fromAddress = _perAddress.GetValueOrDefault(key);
            if (fromAddress >= _options.MaxConnectionsPerAddress)
            {
                return AdmissionResult.Refused(AdmissionRefusal.Address, _options.MaxConnectionsPerAddress);
            }

            if (_total >= _options.MaxConnections)
            {
                if (_onProbation.First is not { } oldest)
                {
                    return AdmissionResult.Refused(AdmissionRefusal.Total, _options.MaxConnections);
                }

                evicted = oldest.Value;
                ReleaseLocked(evicted);
                fromAddress = _perAddress.GetValueOrDefault(key);
            }

            var lease = new ConnectionLease(this, key, onProbation: _unauthenticated >= UnauthenticatedLimit);
            if (lease.OnProbation)
            {
                lease.ProbationEntry = _onProbation.AddLast(lease);
            }

            _perAddress[key] = fromAddress + 1;
            _total++;
            _unauthenticated++;
            result = AdmissionResult.Admitted(lease, evicted is not null);
        }

        // Outside the lock: cancelling runs the evicted session's callbacks.
        evicted?.Evict();
        return result;
    }

    internal void Authenticated(ConnectionLease lease)
    {
        lock (_lock)
        {
            if (!lease.IsReleased && !lease.IsAuthenticated)
            {
                lease.IsAuthenticated = true;
                _unauthenticated--;
                LeaveProbation(lease);
            }
        }
    }

    internal void Release(ConnectionLease lease)
    {
        lock (_lock)
        {
            ReleaseLocked(lease);
        }
    }

    private void LeaveProbation(ConnectionLease lease)
    {
        if (lease.ProbationEntry is { } entry)
        {
            _onProbation.Remove(entry);
            lease.ProbationEntry = null;
        }
    }

    private void ReleaseLocked(ConnectionLease lease)
    {
        if (lease.IsReleased)
        {
            return;
        }

        lease.IsReleased = true;
        LeaveProbation(lease);
        _total--;
        if (!lease.IsAuthenticated)
        {
            _unauthenticated--;
        }

        var remaining = _perAddress[lease.Address] - 1;
        if (remaining == 0)
        {
            _perAddress.Remove(lease.Address);
        }
        else
        {
            _perAddress[lease.Address] = remaining;
        }
    }

    private bool CountAttempt(IPAddress key, DateTimeOffset now)
    {
        SweepRates(now);
        var window = _rates.GetValueOrDefault(key);
        if (window.Count == 0 || now - window.Start >= _options.ConnectionRateWindow)
        {
            window = new RateWindow(now, 0);
        }

        window = window with { Count = window.Count + 1 };
        _rates[key] = window;
        return window.Count <= _options.MaxConnectionRatePerAddress;
    }

    // Once per window, forget addresses whose window has passed, so the table holds only recent clients.
    private void SweepRates(DateTimeOffset now)
    {
        if (now < _nextRateSweep)
        {
            return;
        }

        _nextRateSweep = now + _options.ConnectionRateWindow;
        foreach (var (address, window) in _rates)
        {
            if (now - window.Start >= _options.ConnectionRateWindow)
            {
                _rates.Remove(address);
            }
        }
    }

    private readonly record struct RateWindow(DateTimeOffset Start, int Count);
}
