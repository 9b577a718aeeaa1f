using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns.Transfer;

/// <summary>
/// Answers AXFR, and IXFR with the whole zone as RFC 1995 4 allows (no change history is kept), to the configured
/// secondaries only (<see cref="ZoneTransferPolicy"/>). Everything else gets one reply: REFUSED, FORMERR, or NOTAUTH
/// with the TSIG error (unsigned for BADKEY and BADSIG, signed for BADTIME, RFC 8945 5.2), and one log line.
/// </summary>
internal sealed class ZoneTransferHandler
{
    private const ushort TypeIxfr = 251;
    private const ushort TypeAxfr = 252;

    private readonly DkimZone _zone;
    private readonly IDkimKeyRecordSource _records;
    private readonly ZoneTransferPolicy _policy;
    private readonly TsigVerifier? _verifier;
    private readonly TsigSigner? _signer;
    private readonly ZoneTransferMessages? _messages;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ZoneTransferHandler(DkimZone zone, IDkimKeyRecordSource records, DkimZoneOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _zone = zone;
        _records = records;
        _policy = new ZoneTransferPolicy([.. options.Secondaries], options.Tsig is not null);
        if (options.Tsig is { } key)
        {
            _verifier = new TsigVerifier(key, options.TsigFudge, timeProvider);
            _signer = new TsigSigner(key, options.TsigFudge, timeProvider);
            _messages = new ZoneTransferMessages(_signer, options.MaxTransferMessageSize);
        }

        _timeout = options.TransferTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True for a message with one well-formed question of type AXFR or IXFR.</summary>
    public static bool IsTransferRequest(ReadOnlySpan<byte> message)
    {
        if (!DnsHeader.IsQuery(message) || DnsWire.QuestionCount(message) != 1
            || DnsWire.TryReadName(message, DnsWire.HeaderLength, out var next, out _) != NameCheck.Valid
            || next + 4 > message.Length)
        {
            return false;
        }

        return BinaryPrimitives.ReadUInt16BigEndian(message[next..]) is TypeAxfr or TypeIxfr;
    }

    /// <summary>
    /// Answers one transfer request through <paramref name="send"/> (one call per message). Over UDP the answer is
    /// always REFUSED (RFC 5936 4.2).
    /// </summary>
    public async Task AnswerAsync(
        byte[] request, IPEndPoint client, bool overTcp, Func<byte[], CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var type = RequestedType(request);
        var verification = _verifier?.Verify(request, []) ?? new TsigVerification(TsigOutcome.Unsigned, null, request);
        var decision = _policy.Decide(client.Address, overTcp, verification.Outcome);
        if (decision == TransferDecision.Allowed && !IsTheZone(request))
        {
            decision = TransferDecision.RefusedOtherZone;
        }

        if (decision != TransferDecision.Allowed)
        {
            if (overTcp)
            {
                _logger.TransferRefused(type, _zone.Name, client.Address, decision);
            }
            else
            {
                _logger.TransferRefusedOverUdp(type, _zone.Name, client.Address, decision);
            }

            if (Refusal(request, decision, verification) is { } reply)
            {
                await send(reply, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ZoneSnapshot snapshot;
        try
        {
            snapshot = await ZoneSnapshot.ReadAsync(_zone, _records, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.TransferFailed(type, _zone.Name, client.Address, exception);
            var failure = TransferReplies.Start(request, TransferReplies.ServerFailure, authoritative: false, answers: 0)!;
            await send(_signer!.Sign(failure.ToArray(), verification.Record!.Mac).Message, linked.Token).ConfigureAwait(false);
            return;
        }

        var messages = 0;
        foreach (var message in _messages!.Build(request, verification.Record!.Mac, snapshot.Records))
        {
            await send(message, linked.Token).ConfigureAwait(false);
            messages++;
        }

        _logger.TransferServed(type, _zone.Name, snapshot.Serial, client.Address, snapshot.Records.Count, messages);
    }

    private bool IsTheZone(ReadOnlySpan<byte> request) =>
        DnsNames.Normalise(DnsWire.NameText(request, DnsWire.HeaderLength)) == _zone.Name;

    private byte[]? Refusal(byte[] request, TransferDecision decision, TsigVerification verification)
    {
        var returnCode = decision switch
        {
            TransferDecision.FormatError => TransferReplies.FormatError,
            TransferDecision.NotAuthenticated => TsigError.NotAuthReturnCode,
            _ => TransferReplies.Refused,
        };
        var reply = TransferReplies.Start(request, returnCode, authoritative: false, answers: 0);
        if (reply is null)
        {
            return ShortReplies.FormatErrorFor(request);
        }

        var message = reply.ToArray();
        return (verification.Outcome, _signer) switch
        {
            (TsigOutcome.Valid, { } signer) => signer.Sign(message, verification.Record!.Mac).Message,
            (TsigOutcome.BadTime, { } signer) => signer.Sign(message, verification.Record!.Mac, error: TsigError.BadTime).Message,
            (TsigOutcome.BadKey, _) => TsigSigner.AppendUnsigned(message, verification.Record!, TsigError.BadKey),
            (TsigOutcome.BadSig, _) => TsigSigner.AppendUnsigned(message, verification.Record!, TsigError.BadSig),
            _ => message,
        };
    }

    private static string RequestedType(ReadOnlySpan<byte> request)
    {
        DnsWire.TryReadName(request, DnsWire.HeaderLength, out var next, out _);
        return BinaryPrimitives.ReadUInt16BigEndian(request[next..]) == TypeIxfr ? "IXFR" : "AXFR";
    }
}
