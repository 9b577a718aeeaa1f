using System.Text;
using System.Text.RegularExpressions;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// One copy of a numbered test message as the sink received it: its number (from its Message-ID), and from the
/// Received field Relay put on top, the node that accepted it and the id of that acceptance. Two copies with one
/// acceptance id are one accepted message delivered twice; two ids are two submissions. <see cref="Session"/> is the
/// index of the sink's connection that brought it, in the order the sink accepted them.
/// </summary>
internal sealed partial record ArrivedCopy(int Number, string Node, string AcceptanceId, IReadOnlyList<string> SigningDomains, byte[] Data, int Session)
{
    /// <summary>The Message-ID a test client gives message <paramref name="number"/>.</summary>
    public static string MessageIdOf(int number) => $"<cluster-{number:D6}@example.com>";

    /// <summary>Every copy the sink accepted so far.</summary>
    public static IReadOnlyList<ArrivedCopy> AllAt(SmtpSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return sink.Sessions
            .SelectMany((session, index) => session.Transactions.Where(transaction => transaction.Accepted).Select(transaction => Parse(transaction, index)))
            .ToList();
    }

    public static ArrivedCopy Parse(SmtpSinkTransaction transaction, int session)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var signed = SignedMessage.Split(transaction.Data);
        var received = ReceivedByRelay().Match(string.Concat(signed.TraceFields));
        var number = NumberInMessageId().Match(Encoding.ASCII.GetString(signed.Rest));
        if (!received.Success || !number.Success)
        {
            throw new FormatException("not a numbered message Relay received:\n" + Encoding.ASCII.GetString(transaction.Data));
        }

        return new ArrivedCopy(
            int.Parse(number.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            received.Groups["node"].Value,
            received.Groups["id"].Value,
            signed.SignatureFields.Select(field => DkimSignatureTags.Parse(field).Domain).ToArray(),
            transaction.Data,
            session);
    }

    [GeneratedRegex(@"by (?<node>\S+) \(Relay\) with \S+ id (?<id>[^;\s]+);")]
    private static partial Regex ReceivedByRelay();

    [GeneratedRegex(@"(?m)^Message-ID: <cluster-(\d+)@example\.com>\r$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberInMessageId();
}
