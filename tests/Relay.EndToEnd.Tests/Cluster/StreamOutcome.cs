using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// What a stream's clients were told (<see cref="SubmissionLedger"/>) set against what reached the sink: the counts
/// the several-node tests report and assert (acknowledged, delivered, duplicates by cause, lost).
/// </summary>
internal sealed class StreamOutcome
{
    private readonly SubmissionLedger _ledger;

    private StreamOutcome(SubmissionLedger ledger, IReadOnlyList<ArrivedCopy> copies)
    {
        _ledger = ledger;
        Copies = copies;
        Acknowledged = ledger.Acknowledged.ToHashSet();
        Delivered = copies.Select(copy => copy.Number).ToHashSet();
        Lost = Acknowledged.Where(number => !Delivered.Contains(number)).Order().ToList();
        Duplicated = copies.GroupBy(copy => copy.Number).Where(group => group.Count() > 1).ToList();
        Resubmitted = Duplicated.Where(group => group.Select(copy => copy.AcceptanceId).Distinct().Count() > 1).ToList();
        RedeliveredAcceptances = copies.GroupBy(copy => copy.AcceptanceId).Where(acceptance => acceptance.Count() > 1).ToList();
        var broken = ledger.WithBrokenAttempts.ToHashSet();
        ResubmittedWithoutCause = Resubmitted.Where(group => !broken.Contains(group.Key)).Select(group => group.Key).ToList();
    }

    public IReadOnlyList<ArrivedCopy> Copies { get; }

    public IReadOnlySet<int> Acknowledged { get; }

    public IReadOnlySet<int> Delivered { get; }

    /// <summary>Acknowledged with 250 and never delivered.</summary>
    public IReadOnlyList<int> Lost { get; }

    /// <summary>Messages that arrived more than once.</summary>
    public IReadOnlyList<IGrouping<int, ArrivedCopy>> Duplicated { get; }

    /// <summary>Duplicates accepted more than once: the client sent them again.</summary>
    public IReadOnlyList<IGrouping<int, ArrivedCopy>> Resubmitted { get; }

    /// <summary>Acceptances (one Received id) delivered more than once.</summary>
    public IReadOnlyList<IGrouping<string, ArrivedCopy>> RedeliveredAcceptances { get; }

    /// <summary>Accepted twice although none of their attempts broke off: the client sent them once.</summary>
    public IReadOnlyList<int> ResubmittedWithoutCause { get; }

    public static StreamOutcome Of(SubmissionLedger ledger, IReadOnlyList<ArrivedCopy> copies)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(copies);
        return new StreamOutcome(ledger, copies);
    }

    /// <summary>One line of counts, to quote.</summary>
    public string Summary()
    {
        var byNode = Copies.GroupBy(copy => copy.Node).OrderBy(group => group.Key).Select(group => $"{group.Key} {group.Count()}");
        return $"acknowledged {Acknowledged.Count}, delivered {Delivered.Count} distinct in {Copies.Count} copies ({string.Join(", ", byNode)}), " +
            $"duplicates {Duplicated.Count} (sent again after a broken connection {Resubmitted.Count}, one acceptance delivered twice " +
            $"{Duplicated.Count(group => group.Count() > group.Select(copy => copy.AcceptanceId).Distinct().Count())}), lost {Lost.Count}; " +
            $"attempts broken {_ledger.BrokenAttempts}, refused {_ledger.RefusedAttempts}" +
            (_ledger.RefusedAttempts > 0 ? $" ({_ledger.RefusalCodes})" : string.Empty);
    }

    /// <summary>One line per duplicated message: each copy's node, acceptance and sink session.</summary>
    public IEnumerable<string> DescribeDuplicates() => Duplicated.Select(group =>
        $"message {group.Key} arrived {group.Count()} times: " +
        string.Join(", ", group.Select(copy => $"accepted by {copy.Node} as {copy.AcceptanceId}, sink session {copy.Session}")) +
        (_ledger.WithBrokenAttempts.Contains(group.Key) ? "; an attempt of it broke off" : string.Empty));

    /// <summary>The copies whose signatures (the domain's, then the provider's) python3-dkim does not pass.</summary>
    public async Task<IReadOnlyList<string>> SignatureFailuresAsync(string domain, IReadOnlyDictionary<string, string> records)
    {
        var verdicts = await DkimVerifiers.VerifyManyWithPythonAsync(Copies.Select(copy => copy.Data).ToArray(), records);
        return Copies.Zip(verdicts)
            .Where(pair => !pair.Second.Select(v => v.Domain).SequenceEqual([domain, RelayUnderTest.ProviderDomain]) || !pair.Second.All(v => v.Passed))
            .Select(pair => $"message {pair.First.Number} via {pair.First.Node}: {DkimVerdict.Describe(pair.Second)}")
            .ToList();
    }
}
