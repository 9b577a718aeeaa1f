using Relay.Core.Identities;

namespace Relay.Core.Ingestion;

/// <summary>
/// SES's sender check: the From address, every Sender and Return-Path field and the envelope sender (MAIL FROM; the
/// API's Source, ReturnPath or FromEmailAddress) must each be covered by a verified identity of the sending account,
/// the way the From is (the address itself, or its domain or a parent domain). The null reverse-path and
/// <c>Return-Path: &lt;&gt;</c> name no one and pass. Otherwise the message is refused with SES's
/// <c>554 Message rejected: Email address is not verified. The following identities failed the check in region
/// US-EAST-1: …</c>, naming every failing identity once, in the order From, Sender, Return-Path, envelope sender.
/// </summary>
/// <remarks>Mail Relay itself submits (bounces, confirmations) does not come through here.</remarks>
public sealed class SenderIdentityCheck(IdentityResolver resolver, SendingRegion region)
{
    internal async Task<SenderCheckResult> CheckAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = FromHeader.LoadHeaders(message.Content, out var problem);
        var from = headers is null ? null : FromHeader.ReadSingleAddress(headers, out problem);
        if (headers is null || from is null)
        {
            return new SenderCheckResult(null, null, Malformed(problem));
        }

        var others = new List<(string Field, string Address)>();
        if (!SenderFields.TryRead(headers, others, out problem))
        {
            return new SenderCheckResult(from, null, Malformed(problem));
        }

        if (message.ReversePath.Length > 0)
        {
            others.Add(("envelope sender", message.ReversePath));
        }

        var fromResolution = await resolver.ResolveAsync(message.AccountId, from, cancellationToken);
        var failed = new List<(string Field, string Address)>();
        if (!fromResolution.IsAuthorized)
        {
            failed.Add(("From", from));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { Key(from) };
        foreach (var (field, address) in others)
        {
            if (seen.Add(Key(address)) && !(await resolver.ResolveAsync(message.AccountId, address, cancellationToken)).IsAuthorized)
            {
                failed.Add((field, address));
            }
        }

        if (failed.Count == 0)
        {
            return new SenderCheckResult(from, fromResolution, null);
        }

        var text = "Message rejected: Email address is not verified. The following identities failed the check in region " +
                   $"{region.Display}: {string.Join(", ", failed.Select(f => f.Address))}";
        var reason = "no verified identity covers " + string.Join(", ", failed.Select(f => $"{f.Field} {f.Address}"));
        return new SenderCheckResult(from, fromResolution, new SenderRefusal(554, "5.7.1", text, reason));
    }

    private static SenderRefusal Malformed(string problem) => new(550, "5.6.0", $"Message rejected: {problem}", problem);

    /// <summary>Two spellings of one identity (the domain's case, the local part's as the store keeps it) are named once.</summary>
    private static string Key(string address) => IdentityNames.CandidatesFor(address) is [var identity, ..] ? identity : address;
}
