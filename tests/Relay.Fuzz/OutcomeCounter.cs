using System.Collections.Concurrent;

namespace Relay.Fuzz;

/// <summary>
/// How often each kind of outcome happened (answered, refused, truncated, handed to the handler...): evidence that the
/// inputs reach the paths they are meant to, printed with the report.
/// </summary>
internal sealed class OutcomeCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public long this[string outcome] => _counts.GetValueOrDefault(outcome);

    public void Count(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, count) => count + 1);

    public void AddTo(OutcomeCounter total)
    {
        foreach (var (outcome, count) in _counts)
        {
            total._counts.AddOrUpdate(outcome, count, (_, sum) => sum + count);
        }
    }

    public override string ToString() =>
        string.Join(", ", _counts.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value:N0}"));
}
