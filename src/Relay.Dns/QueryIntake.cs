using System.Net;
using ARSoft.Tools.Net.Dns;
using Relay.Dns.Wire;

namespace Relay.Dns;

/// <summary>
/// What becomes of one received message before ARSoft parses it: a query to answer, a FORMERR to send at once (its
/// question breaks RFC 1035's limits, so it is never echoed), or nothing (not a query, or unreadable).
/// </summary>
internal readonly record struct QueryIntake(DnsReceivedRawPackage? Query, byte[]? ImmediateReply, string? Problem)
{
    private const string MalformedQuestion = "a name in the question is malformed or over RFC 1035's limits; answered FORMERR";

    public static QueryIntake Read(ReadOnlySpan<byte> message, IPEndPoint remote, IPEndPoint local)
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

        var query = RawPackage.TryCreate(message, remote, local);
        return query is null ? new(null, null, "unreadable question") : new(query, null, null);
    }
}
