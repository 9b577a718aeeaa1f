using Relay.Fuzz.Dns;
using Relay.Fuzz.Smtp;

namespace Relay.Fuzz.Tests;

/// <summary>The CI run of the fuzz harness: 20,000 inputs per target, none of which may break an invariant.</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class SmokeTests
{
    private const long Inputs = 20_000;
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
