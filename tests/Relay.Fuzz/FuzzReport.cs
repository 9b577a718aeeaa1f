namespace Relay.Fuzz;

/// <summary>What a run did: inputs, time, throughput and the findings kept.</summary>
internal sealed record FuzzReport(
    string Target, int Seed, long From, long Inputs, TimeSpan Elapsed, long FindingCount, IReadOnlyList<Finding> Findings, OutcomeCounter Outcomes)
{
    public double InputsPerSecond => Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0;

    public override string ToString() =>
        $"{Target}: seed {Seed}, inputs {Inputs:N0} (from #{From}), {Elapsed.TotalSeconds:F1} s, {InputsPerSecond:N0} inputs/s, findings {FindingCount}\noutcomes: {Outcomes}";
}
