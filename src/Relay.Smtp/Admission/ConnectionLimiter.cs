using System.Net;

namespace Relay.Smtp.Admission;

/// <summary>
/// Decides, for each accepted socket, whether a session may start: the total, per-address and per-address-rate
/// limits, and the slots reserved for sessions that authenticate. Shared by every endpoint of one server.
/// </summary>
internal sealed class ConnectionLimiter
{
    private readonly SmtpServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<IPAddress, RateWindow> _rates = [];
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
        lock (_lock)
        {
            if (!CountAttempt(key, now))
            {
                return AdmissionResult.Refused(AdmissionRefusal.AddressRate, _options.MaxConnectionRatePerAddress);
            }

            if (_total >= _options.MaxConnections)
            {
                return AdmissionResult.Refused(AdmissionRefusal.Total, _options.MaxConnections);
            }

            var fromAddress = _perAddress.GetValueOrDefault(key);
            if (fromAddress >= _options.MaxConnectionsPerAddress)
            {
                return AdmissionResult.Refused(AdmissionRefusal.Address, _options.MaxConnectionsPerAddress);
            }

            var onProbation = _unauthenticated >= UnauthenticatedLimit;
            _perAddress[key] = fromAddress + 1;
            _total++;
            _unauthenticated++;
            return AdmissionResult.Admitted(new ConnectionLease(this, key, onProbation));
        }
    }

    internal void Authenticated(ConnectionLease lease)
    {
        lock (_lock)
        {
            if (!lease.IsReleased && !lease.IsAuthenticated)
            {
                lease.IsAuthenticated = true;
                _unauthenticated--;
            }
        }
    }

    internal void Release(ConnectionLease lease)
    {
        lock (_lock)
        {
            if (lease.IsReleased)
            {
                return;
            }

            lease.IsReleased = true;
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
