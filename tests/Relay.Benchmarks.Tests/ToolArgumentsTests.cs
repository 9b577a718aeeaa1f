namespace Relay.Benchmarks.Tests;

public sealed class ToolArgumentsTests
{
    [Test]
    public void Options_flags_and_the_words_after_a_double_dash()
    {
        var arguments = ToolArguments.Parse(["--key", "throughput.relay.4096", "--quick", "--expect", "200", "--", "smtp-source", "-d", "--x"]);
        Assert.Multiple(() =>
        {
            Assert.That(arguments.Required("key"), Is.EqualTo("throughput.relay.4096"));
            Assert.That(arguments.Flag("quick"), Is.True);
            Assert.That(arguments.RequiredInt("expect"), Is.EqualTo(200));
            Assert.That(arguments.OptionalInt("idle-timeout", 60), Is.EqualTo(60));
            Assert.That(arguments.PassThrough, Is.EqualTo(new[] { "smtp-source", "-d", "--x" }));
        });
    }

    [Test]
    public void A_missing_or_bad_value_is_a_usage_error()
    {
        var arguments = ToolArguments.Parse(["--expect", "many"]);
        Assert.Multiple(() =>
        {
            Assert.That(() => arguments.Required("key"), Throws.TypeOf<ToolUsageException>());
            Assert.That(() => arguments.RequiredInt("expect"), Throws.TypeOf<ToolUsageException>());
            Assert.That(() => ToolArguments.Parse(["stray"]), Throws.TypeOf<ToolUsageException>());
        });
    }
}
