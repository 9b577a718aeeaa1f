using System.Diagnostics;

namespace Relay.Fuzz;

/// <summary>
/// Runs a target over a range of inputs with a few workers, each with its own target instance. Input i is made from
/// its own generator seeded by (seed, i), so a finding is replayed alone with <c>--seed S --from i --inputs 1</c>
/// (the DNS target's rate limiter state depends on the inputs before, so a limiter-dependent outcome may differ).
/// </summary>
internal sealed class FuzzRunner
{
    private readonly Func<IFuzzTarget> _createTarget;
    private readonly int _jobs;
    private readonly TextWriter? _progress;
    private readonly TimeSpan _progressInterval;
    private readonly Lock _lock = new();

    public FuzzRunner(Func<IFuzzTarget> createTarget, int jobs, TextWriter? progress, TimeSpan progressInterval)
    {
        _createTarget = createTarget;
        _jobs = jobs;
        _progress = progress;
        _progressInterval = progressInterval;
    }

    /// <summary>
    /// The generator of one input. SplitMix64 of (seed, index), not <see cref="HashCode"/>, whose seed changes with
    /// every process and would make a finding impossible to replay.
    /// </summary>
    public static Random RandomFor(int seed, long index)
    {
        var mixed = unchecked(((ulong)(uint)seed << 32) ^ (ulong)index) + 0x9E3779B97F4A7C15UL;
        mixed = unchecked((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL);
        mixed = unchecked((mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL);
        mixed ^= mixed >> 31;
        return new Random(unchecked((int)mixed ^ (int)(mixed >> 32)));
    }

    public async Task<FuzzReport> RunAsync(int seed, long from, long inputs, int keepFindings, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var findingCount = 0L;
        var next = from - 1;
        var done = 0L;
        var end = from + inputs;
        var clock = Stopwatch.StartNew();
        var name = string.Empty;
        var outcomes = new OutcomeCounter();

        async Task WorkAsync()
        {
            await using var target = _createTarget();
            name = target.Name;
            long index;
            while ((index = Interlocked.Increment(ref next)) < end && !cancellationToken.IsCancellationRequested)
            {
                var found = await target.RunAsync(RandomFor(seed, index), index);
                Interlocked.Increment(ref done);
                if (found.Count > 0)
                {
                    lock (_lock)
                    {
                        findingCount += found.Count;
                        foreach (var finding in found.Where(_ => findings.Count < keepFindings))
                        {
                            findings.Add(finding);
                            _progress?.WriteLine(finding);
                        }
                    }
                }
            }

            target.Outcomes.AddTo(outcomes);
        }

        var workers = Enumerable.Range(0, _jobs).Select(_ => Task.Run(WorkAsync)).ToArray();
        using var progress = _progress is null ? null : new PeriodicTimer(_progressInterval);
        var all = Task.WhenAll(workers);
        while (progress is not null && !all.IsCompleted)
        {
            if (await Task.WhenAny(all, progress.WaitForNextTickAsync(CancellationToken.None).AsTask()) != all)
            {
                var count = Interlocked.Read(ref done);
                _progress!.WriteLine(
                    $"{name}: {count:N0} inputs, {clock.Elapsed.TotalSeconds:F0} s, {count / clock.Elapsed.TotalSeconds:N0} inputs/s, {Interlocked.Read(ref findingCount)} findings");
            }
        }

        await all;
        return new FuzzReport(name, seed, from, done, clock.Elapsed, findingCount, findings, outcomes);
    }
}
