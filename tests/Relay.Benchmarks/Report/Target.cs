namespace Relay.Benchmarks.Report;

/// <summary>A target from issue 8 and whether a measured value meets it.</summary>
internal sealed record Target(string Text, Func<double, bool> IsMet)
{
    public string Verdict(double? value) => value is { } measured ? $"{Text}: {(IsMet(measured) ? "met" : "NOT met")}" : $"{Text}: not measured";
}
