using System.Net;
using Microsoft.Extensions.Logging;
using Relay.Dns.Transfer;
using Relay.Dns.Wire;

namespace Relay.Dns.Tsig;

/// <summary>
/// TSIG on ordinary queries, such as the SOA query a secondary sends before it transfers (BIND signs it with the key
/// of its primary): a valid signature is taken off before ARSoft parses the query and the answer is signed with the
/// request's MAC; a bad one is answered NOTAUTH at once (FORMERR when the TSIG record does not parse). Unsigned queries
/// pass untouched: signing is never required to read the zone.
/// </summary>
internal sealed class SignedQueryGate
{
    private readonly TsigVerifier? _verifier;
    private readonly TsigSigner? _signer;
    private readonly ILogger _logger;

    public SignedQueryGate(TsigKey? key, TimeSpan fudge, TimeProvider timeProvider, ILogger logger)
    {
        if (key is not null)
        {
            _verifier = new TsigVerifier(key, fudge, timeProvider);
            _signer = new TsigSigner(key, fudge, timeProvider);
        }

        _logger = logger;
    }

    /// <summary>What becomes of one query (whose question has been checked).</summary>
    public SignedQueryAdmission Admit(ReadOnlySpan<byte> message, IPAddress client)
    {
        if (_verifier is null)
        {
            // No key here: any signature is with an unknown key.
            return TsigRecord.TryRead(message, out var record, out _)
                ? Refuse(message, client, record is null ? TsigOutcome.Malformed : TsigOutcome.BadKey, record)
                : new SignedQueryAdmission(message.ToArray(), null, null);
        }

        var verification = _verifier.Verify(message, []);
        return verification.Outcome switch
        {
            TsigOutcome.Unsigned => new SignedQueryAdmission(verification.Unsigned, null, null),
            TsigOutcome.Valid => new SignedQueryAdmission(verification.Unsigned, verification.Record, null),
            _ => Refuse(message, client, verification.Outcome, verification.Record),
        };
    }

    /// <summary>The response to a query admitted with a valid signature, signed with its MAC.</summary>
    public byte[] Sign(ReadOnlySpan<byte> response, TsigRecord request) => _signer!.Sign(response, request.Mac).Message;

    private SignedQueryAdmission Refuse(ReadOnlySpan<byte> message, IPAddress client, TsigOutcome outcome, TsigRecord? record)
    {
        var malformed = outcome == TsigOutcome.Malformed || record is null;
        _logger.SignedQueryRefused(client, malformed ? "FORMERR" : "NOTAUTH", outcome);
        var start = TransferReplies.Start(message, malformed ? TransferReplies.FormatError : TsigError.NotAuthReturnCode, authoritative: false, answers: 0);
        if (start is null || malformed)
        {
            return new SignedQueryAdmission(null, null, start?.ToArray() ?? ShortReplies.FormatErrorFor(message));
        }

        var reply = start.ToArray();
        var signed = outcome switch
        {
            TsigOutcome.BadTime => _signer!.Sign(reply, record!.Mac, error: TsigError.BadTime).Message,
            TsigOutcome.BadSig => TsigSigner.AppendUnsigned(reply, record!, TsigError.BadSig),
            _ => TsigSigner.AppendUnsigned(reply, record!, TsigError.BadKey),
        };
        return new SignedQueryAdmission(null, null, signed);
    }
}
