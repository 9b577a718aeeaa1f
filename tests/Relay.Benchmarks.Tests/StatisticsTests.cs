namespace Relay.Benchmarks.Tests;

public sealed class StatisticsTests
{
    [Test]
    public void Median_of_an_odd_sample_is_the_middle_value()
    {
        Assert.That(Statistics.Median([5, 1, 3]), Is.EqualTo(3));
    }

    [Test]
    public void Median_of_an_even_sample_is_the_mean_of_the_middle_two()
    {
        Assert.That(Statistics.Median([4, 1, 3, 2]), Is.EqualTo(2.5));
    }

    [Test]
    public void Percentiles_are_nearest_rank()
    {
        var sample = Enumerable.Range(1, 100).Select(n => (double)n).Reverse().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Statistics.Percentile(sample, 50), Is.EqualTo(50));
            Assert.That(Statistics.Percentile(sample, 99), Is.EqualTo(99));
            Assert.That(Statistics.Percentile(sample, 100), Is.EqualTo(100));
            Assert.That(Statistics.Percentile([7], 99), Is.EqualTo(7));
        });
    }

    [Test]
    public void An_empty_sample_has_no_median()
    {
        Assert.That(() => Statistics.Median([]), Throws.ArgumentException);
    }
}
