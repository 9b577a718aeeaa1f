namespace Relay.Fuzz;

/// <summary>One thing under fuzz: makes an input from a seeded generator, runs it, and checks the invariants.</summary>
internal interface IFuzzTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>What the inputs run so far led to.</summary>
    OutcomeCounter Outcomes { get; }

    /// <summary>Runs input number <paramref name="index"/>, made from <paramref name="random"/>; the broken invariants, if any.</summary>
    ValueTask<IReadOnlyList<Finding>> RunAsync(Random random, long index);
}
