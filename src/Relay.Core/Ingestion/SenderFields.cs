using System.Buffers;
using MimeKit;
using Relay.Core.Ingestion.Grammar;

namespace Relay.Core.Ingestion;

/// <summary>
/// Reads the sender addresses a message's header names besides its From: every Sender field (RFC 5322 <c>mailbox</c>,
/// by the From's strict grammar) and every Return-Path field (<c>path</c>: an angle address, or <c>&lt;&gt;</c>, which
/// names no one). A field that is not exactly that is refused, as a malformed From is: a receiver might read another
/// address in it than the one checked.
/// </summary>
internal static class SenderFields
{
    /// <summary>
    /// Adds each Sender address, then each non-empty Return-Path address, to <paramref name="addresses"/> as
    /// (field name, address); false with <paramref name="problem"/> for the first field that does not parse.
    /// </summary>
    public static bool TryRead(HeaderList headers, List<(string Field, string Address)> addresses, out string problem)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var sender in headers.Where(h => h.Id == HeaderId.Sender))
        {
            // RawValue for the same reason as the From: decoded encoded-words could read as specials.
            if (FromHeader.ParseSingleMailbox(sender.RawValue, "Sender", out problem) is not { } address)
            {
                return false;
            }

            addresses.Add(("Sender", address));
        }

        foreach (var returnPath in headers.Where(h => h.Id == HeaderId.ReturnPath))
        {
            if (ParsePath(returnPath.RawValue) is not { } address)
            {
                problem = "the Return-Path header must be <address> or <>";
                return false;
            }

            if (address.Length > 0)
            {
                addresses.Add(("Return-Path", address));
            }
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>The address of a raw Return-Path value, empty for <c>&lt;&gt;</c>, null when it is not one path.</summary>
    public static string? ParsePath(ReadOnlySpan<byte> rawValue)
    {
        var value = FieldUnfolding.Unfold(rawValue);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(value));
        return MailboxGrammar.TryParsePath(ref reader, out var address) && reader.End ? address : null;
    }
}
