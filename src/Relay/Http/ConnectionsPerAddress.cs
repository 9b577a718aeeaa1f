using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Relay.Http;

/// <summary>
/// Kestrel connection middleware that lets at most a given number of connections from one IP address be open at
/// once; one more is closed before a byte is read from it (before the TLS handshake, too), so one client cannot
/// hold the whole of <c>MaxConnections</c>.
/// </summary>
internal sealed partial class ConnectionsPerAddress(int limit, ILogger logger)
{
    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly Lock _gate = new();

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        if (connection.RemoteEndPoint is not IPEndPoint { Address: var remote })
        {
            await next(connection);
            return;
        }

        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        if (!TryOpen(address))
        {
            LogRefused(logger, address, limit);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Close(address);
        }
    }

    private bool TryOpen(IPAddress address)
    {
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(address);
            if (open >= limit)
            {
                return false;
            }

            _open[address] = open + 1;
            return true;
        }
    }

    private void Close(IPAddress address)
    {
        lock (_gate)
        {
            // Forgetting addresses with nothing open keeps the table as small as the connections are few.
            if (_open[address] <= 1)
            {
                _open.Remove(address);
            }
            else
            {
                _open[address]--;
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "SES API connection from {Address} closed: it already has {Limit} open")]
    private static partial void LogRefused(ILogger logger, IPAddress address, int limit);
}
