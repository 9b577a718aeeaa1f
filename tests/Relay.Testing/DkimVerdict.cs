namespace Relay.Testing;

/// <summary>
/// What one independent verifier said about one DKIM-Signature field of a message.
/// <paramref name="Index"/> counts signatures from the top (0 = first); -1 means the verifier
/// could not read the message at all. Only <see cref="Result"/> "pass" is a pass.
/// </summary>
public sealed record DkimVerdict(int Index, string Domain, string Selector, string Result, string Detail)
{
    public bool Passed => Result == "pass";

    public override string ToString() =>
        $"#{Index} d={Domain} s={Selector}: {Result}{(Detail.Length > 0 ? " (" + Detail + ")" : string.Empty)}";

    /// <summary>One line per verdict, for assertion messages.</summary>
    public static string Describe(IEnumerable<DkimVerdict> verdicts) =>
        string.Join(Environment.NewLine, verdicts.Select(verdict => verdict.ToString()));
}
