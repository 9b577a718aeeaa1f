namespace Relay.Core.Tests.Ingestion;

/// <summary>The pooled stream reads, writes, seeks and grows as <see cref="MemoryStream"/> does, and is unusable once disposed.</summary>
public sealed class PooledBufferStreamTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void A_random_sequence_of_operations_gives_what_a_memory_stream_gives(int seed)
    {
        var random = new Random(seed);
        using var expected = new MemoryStream();
        using var actual = new PooledBufferStream(0);
        // Old bytes in the pool must never show through: fill a rented array with a marker first.
        using (var dirty = new PooledBufferStream(300_000))
        {
            dirty.Write(Enumerable.Repeat((byte)0xAA, 300_000).ToArray());
        }

        for (var step = 0; step < 2_000; step++)
        {
            switch (random.Next(5))
            {
                case 0 or 1:
                    var data = new byte[random.Next(0, 40_000)];
                    random.NextBytes(data);
                    expected.Write(data);
                    actual.Write(data);
                    break;
                case 2:
                    var position = random.Next(0, (int)expected.Length + 5_000);
                    expected.Position = position;
                    actual.Position = position;
                    break;
                case 3:
                    var length = random.Next(0, (int)expected.Length + 5_000);
                    expected.SetLength(length);
                    actual.SetLength(length);
                    break;
                default:
                    var into = new byte[random.Next(0, 50_000)];
                    var intoToo = new byte[into.Length];
                    Assert.That(actual.Read(intoToo), Is.EqualTo(expected.Read(into)));
                    Assert.That(intoToo, Is.EqualTo(into));
                    break;
            }

            Assert.That((actual.Length, actual.Position), Is.EqualTo((expected.Length, expected.Position)), $"step {step}");
        }

        Assert.That(actual.Written.ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public async Task Copy_to_writes_from_the_position_to_the_end()
    {
        await using var stream = new PooledBufferStream(4);
        await stream.WriteAsync("0123456789"u8.ToArray());
        stream.Position = 3;
        using var destination = new MemoryStream();

        await stream.CopyToAsync(destination);

        Assert.That(destination.ToArray(), Is.EqualTo("3456789"u8.ToArray()));
        Assert.That(stream.Position, Is.EqualTo(10));
    }

    [Test]
    public void Once_disposed_nothing_reads_or_writes_and_a_second_dispose_is_harmless()
    {
        var stream = new PooledBufferStream(16);
        stream.Write("secret"u8);
        stream.Dispose();
        stream.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(stream.CanRead, Is.False);
            Assert.That(() => stream.Read(new byte[4]), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => stream.Write("x"u8), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => stream.Length, Throws.InstanceOf<ObjectDisposedException>());
        });
    }
}
