namespace Relay.Fuzz;

/// <summary>One broken invariant: which input (reproducible from the seed and index), which rule, and what was seen.</summary>
internal sealed record Finding(string Target, long Index, string Invariant, string Detail, string Input)
{
    /// <summary>One line, as the console prints it.</summary>
    public override string ToString() => $"{Target} #{Index}: {Invariant}: {Detail} | input: {Input}";
}
