using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>One message as the next hop accepted it: its signature fields as written, and both verifiers' verdicts through DNS.</summary>
internal sealed record VerifiedArrival(
    int Index, IReadOnlyList<DkimSignatureTags> Signatures, IReadOnlyList<DkimVerdict> Python, IReadOnlyList<DkimVerdict> Perl);
