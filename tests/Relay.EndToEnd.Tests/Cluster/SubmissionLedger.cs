using System.Collections.Concurrent;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// What the clients of a stream know about each numbered message: whether it got 250 after DATA, and how many of its
/// attempts broke off without a reply (the connection dropped: it may or may not have been accepted) or were refused
/// with a reply (it was not).
/// </summary>
internal sealed class SubmissionLedger
{
    private readonly ConcurrentDictionary<int, int> _broken = new();
    private readonly ConcurrentDictionary<int, int> _refused = new();
    private readonly ConcurrentDictionary<int, bool> _acknowledged = new();
    private readonly ConcurrentDictionary<int, int> _refusalCodes = new();

    public int AcknowledgedCount => _acknowledged.Count;

    public IReadOnlyCollection<int> Acknowledged => _acknowledged.Keys.ToArray();

    /// <summary>Messages with at least one attempt whose reply never came: a copy of those may arrive without a 250 being seen.</summary>
    public IReadOnlyCollection<int> WithBrokenAttempts => _broken.Keys.ToArray();

    public int BrokenAttempts => _broken.Values.Sum();

    public int RefusedAttempts => _refused.Values.Sum();

    /// <summary>The reply codes of the refused attempts, e.g. "421 ×2, 451 ×24".</summary>
    public string RefusalCodes => string.Join(", ", _refusalCodes.OrderBy(code => code.Key).Select(code => $"{code.Key} ×{code.Value}"));

    public void RecordAcknowledged(int number) => _acknowledged[number] = true;

    public void RecordBroken(int number) => _broken.AddOrUpdate(number, 1, (_, count) => count + 1);

    public void RecordRefused(int number, int replyCode)
    {
        _refused.AddOrUpdate(number, 1, (_, count) => count + 1);
        _refusalCodes.AddOrUpdate(replyCode, 1, (_, count) => count + 1);
    }
}
