using System.Net;
using ARSoft.Tools.Net.Dns;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns;

/// <summary>
/// What becomes of one received message before ARSoft parses it: a query to answer (with the TSIG record its answer
/// must be signed with, if it was signed), a reply to send at once (FORMERR for a question that breaks RFC 1035's
/// limits, never echoed; NOTAUTH for a bad TSIG), or nothing (not a query, or unreadable).
/// </summary>
internal readonly record struct QueryIntake(DnsReceivedRawPackage? Query, byte[]? ImmediateReply, string? Problem, TsigRecord? SignedWith = null)
{
    private const string MalformedQuestion = "a name in the question is malformed or over RFC 1035's limits; answered FORMERR";

    public static QueryIntake Read(ReadOnlySpan<byte> message, IPEndPoint remote, IPEndPoint local, SignedQueryGate gate)
    {
        if (!DnsHeader.IsQuery(message))
        {
            return new(null, null, "too short or not a query");
        }

        var check = DnsWire.TryReadQuestions(message, out _);
        if (check != NameCheck.Valid)
        {
            return new(null, ShortReplies.FormatErrorFor(message), MalformedQuestion);
        }

        var admission = gate.Admit(message, remote.Address);
        if (admission.Message is null)
        {
            return new(null, admission.ImmediateReply, "its TSIG did not verify; answered at once");
        }

        var query = RawPackage.TryCreate(admission.Message, remote, local);
        return query is null ? new(null, null, "unreadable question") : new(query, null, null, admission.SignedWith);
    }
}
