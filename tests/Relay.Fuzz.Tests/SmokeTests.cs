using Relay.Fuzz.Dns;
using Relay.Fuzz.Smtp;

namespace Relay.Fuzz.Tests;

/// <summary>The CI run of the fuzz harness: 20,000 inputs per target, none of which may break an invariant.</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class SmokeTests
{
    private const long Inputs = 20_000;
    private const int PinnedFirst = 1639788645;
    private const int PinnedSecond = 588506157;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task The_SMTP_session_keeps_every_invariant_over_20000_inputs()
    {
        var report = await new FuzzRunner(() => new SmtpFuzzTarget(Deadline), jobs: 2, progress: null, TimeSpan.FromMinutes(1))
            .RunAsync(seed: 20261203, from: 0, Inputs, keepFindings: 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Inputs, Is.EqualTo(Inputs));
            Assert.That(report.Findings, Is.Empty, string.Join('\n', report.Findings));
        });
    }

    [Test]
    public async Task The_key_zone_responder_keeps_every_invariant_over_20000_inputs()
    {
        var report = await new FuzzRunner(() => new DnsFuzzTarget(Deadline), jobs: 2, progress: null, TimeSpan.FromMinutes(1))
            .RunAsync(seed: 20261203, from: 0, Inputs, keepFindings: 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Inputs, Is.EqualTo(Inputs));
            Assert.That(report.Findings, Is.Empty, string.Join('\n', report.Findings));
        });
    }

    [Test]
    public void The_generator_of_an_input_is_the_same_in_every_process()
    {
        // Pinned values: a per-process hash seed (HashCode) here would make findings impossible to replay.
        Assert.That(
            new[] { FuzzRunner.RandomFor(15, 860_940).Next(), FuzzRunner.RandomFor(14, 0).Next() },
            Is.EqualTo(new[] { PinnedFirst, PinnedSecond }));
    }

    [Test]
    public void An_input_is_made_again_from_its_seed_and_index_alone()
    {
        var first = SmtpInputGenerator.Generate(FuzzRunner.RandomFor(7, 123_456));
        var again = SmtpInputGenerator.Generate(FuzzRunner.RandomFor(7, 123_456));
        var other = SmtpInputGenerator.Generate(FuzzRunner.RandomFor(7, 123_457));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }
}
