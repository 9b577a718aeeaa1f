using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns.Transfer;

/// <summary>
/// Sends one TSIG-signed NOTIFY to one secondary over UDP and waits for its answer, sending again after each timeout
/// up to the configured number of attempts (RFC 1996 3.6). An answer whose TSIG does not verify is ignored, as if
/// none had come. Each attempt uses a fresh socket and message id, so that a late answer is never mistaken.
/// </summary>
internal sealed class NotifySender(TsigKey key, DkimZoneOptions options, TimeProvider timeProvider, ILogger logger)
{
    private const int LargestAnswer = 65_535;

    private readonly TsigSigner _signer = new(key, options.TsigFudge, timeProvider);
    private readonly TsigVerifier _verifier = new(key, options.TsigFudge, timeProvider);

    /// <summary>True when the secondary answered (whatever its return code).</summary>
    public async Task<bool> NotifyAsync(SecondaryServer secondary, string zone, uint serial, CancellationToken cancellationToken)
    {
        var target = new IPEndPoint(secondary.Address, secondary.NotifyPort);
        for (var attempt = 1; attempt <= options.NotifyAttempts; attempt++)
        {
            try
            {
                var returnCode = await AttemptAsync(target, zone, cancellationToken).ConfigureAwait(false);
                if (returnCode is { } code)
                {
                    logger.NotifyAnswered(target, zone, serial, code);
                    return true;
                }
            }
            catch (SocketException exception)
            {
                // ICMP port unreachable shows here on Linux: the secondary is not up yet; try again after the timeout.
                logger.NotifyFailed(target, exception.SocketErrorCode);
                await Task.Delay(options.NotifyTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        logger.NotifyUnanswered(target, zone, serial, options.NotifyAttempts);
        return false;
    }

    /// <summary>The answer's return code, or null when none came (verified) within the timeout.</summary>
    private async Task<int?> AttemptAsync(IPEndPoint target, string zone, CancellationToken cancellationToken)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var (request, requestMac) = _signer.Sign(NotifyRequest.Build(id, zone), []);
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);

        using var timeout = new CancellationTokenSource(options.NotifyTimeout, timeProvider);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var buffer = new byte[LargestAnswer];
        try
        {
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, waiting.Token).ConfigureAwait(false);
                var answer = buffer.AsSpan(0, length);
                if (!NotifyRequest.IsAnswerTo(answer, id))
                {
                    continue;
                }

                var verification = _verifier.Verify(answer, requestMac);
                if (verification.Outcome != TsigOutcome.Valid)
                {
                    logger.NotifyAnswerUnverified(target, verification.Outcome);
                    continue;
                }

                return DnsWire.ReturnCode(answer);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
