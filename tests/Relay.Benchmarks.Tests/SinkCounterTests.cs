using Relay.Benchmarks.Load;

namespace Relay.Benchmarks.Tests;

public sealed class SinkCounterTests
{
    [Test]
    public void The_last_complete_record_gives_the_count()
    {
        Assert.That(SinkCounter.LastCount("sess=1 quit=0 mesg=1\rsess=1 quit=0 mesg=2\rsess=2 quit=1 mesg=17\r"), Is.EqualTo(17));
    }

    [Test]
    public void A_record_still_being_written_is_ignored()
    {
        Assert.That(SinkCounter.LastCount("sess=1 quit=0 mesg=9\rsess=1 quit=0 mesg=1"), Is.EqualTo(9));
    }

    [Test]
    public void No_record_yet_is_zero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SinkCounter.LastCount(string.Empty), Is.Zero);
            Assert.That(SinkCounter.LastCount("sess=1 quit=0 mesg=3"), Is.Zero);
        });
    }

    [Test]
    public void Reads_the_tail_of_a_long_counter_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Concat(Enumerable.Range(1, 5000).Select(n => $"sess=10 quit=0 mesg={n}\r")));
            Assert.That(new SinkCounter(path).Read(), Is.EqualTo(5000));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_missing_counter_file_is_zero()
    {
        Assert.That(new SinkCounter(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))).Read(), Is.Zero);
    }
}
