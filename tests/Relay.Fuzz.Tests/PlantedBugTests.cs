using Relay.Fuzz.Dns;
using Relay.Fuzz.Smtp;

namespace Relay.Fuzz.Tests;

/// <summary>Bugs planted behind the seams prove the harness notices a broken invariant (a harness that cannot fail proves nothing).</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class PlantedBugTests
{
    // Short where a hang is planted (each costs one deadline); the normal one where none may be reported.
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan NormalDeadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_message_handler_that_never_returns_is_reported_as_a_hung_session()
    {
        var report = await RunSmtpAsync(inner => new PlantedHandler(inner, PlantedHandler.Bug.HangOnFirstMessage));

        Assert.That(report.Findings.Select(finding => finding.Invariant), Does.Contain("session ends within the deadline"));
    }

    [Test]
    public async Task An_acknowledgement_that_skips_the_real_handler_is_reported()
    {
        var report = await RunSmtpAsync(inner => new PlantedHandler(inner, PlantedHandler.Bug.AcknowledgeWithoutHandling));

        Assert.That(report.Findings.Select(finding => finding.Invariant), Does.Contain("one acknowledgement per handler call"));
    }

    [Test]
    public async Task A_handler_that_throws_is_not_a_finding_because_the_session_answers_451()
    {
        var report = await RunSmtpAsync(inner => new PlantedHandler(inner, PlantedHandler.Bug.Throw), NormalDeadline);

        Assert.That(report.Findings, Is.Empty, string.Join('\n', report.Findings));
    }

    [Test]
    public async Task A_key_record_source_that_never_answers_is_reported_as_a_query_without_an_outcome()
    {
        var report = await new FuzzRunner(() => new DnsFuzzTarget(ShortDeadline, new NeverAnsweringRecordSource()), jobs: 1, progress: null, TimeSpan.FromMinutes(1))
            .RunAsync(seed: 3, from: 0, inputs: 300, keepFindings: 10, CancellationToken.None);

        Assert.That(report.Findings.Select(finding => finding.Invariant), Does.Contain("an outcome within the deadline"));
    }

    private static Task<FuzzReport> RunSmtpAsync(Func<ISmtpMessageHandler, ISmtpMessageHandler> plant, TimeSpan? deadline = null) =>
        new FuzzRunner(() => new SmtpFuzzTarget(deadline ?? ShortDeadline, plant), jobs: 1, progress: null, TimeSpan.FromMinutes(1))
            .RunAsync(seed: 5, from: 0, inputs: 2000, keepFindings: 10, CancellationToken.None);

    private sealed class NeverAnsweringRecordSource : IDkimKeyRecordSource
    {
        public ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken) =>
            new(new TaskCompletionSource<string?>().Task);

        public ValueTask<uint> SerialAsync(CancellationToken cancellationToken) => ValueTask.FromResult(1u);

        public async IAsyncEnumerable<(string Label, string TxtValue)> ListAsync(
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
