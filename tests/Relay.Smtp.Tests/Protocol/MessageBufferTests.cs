using Relay.Smtp.Protocol;

namespace Relay.Smtp.Tests.Protocol;

public sealed class MessageBufferTests
{
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "relay-smtp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Small_content_stays_in_memory()
    {
        await using var buffer = new MessageBuffer(_directory, threshold: 1024);

        await buffer.WriteAsync(new byte[1024], CancellationToken.None);

        Assert.That((buffer.IsFileBacked, buffer.BytesInMemory, buffer.Length), Is.EqualTo((false, 1024L, 1024L)));
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public async Task Content_over_the_threshold_moves_to_an_owner_only_temp_file_and_memory_stays_bounded()
    {
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var buffer = new MessageBuffer(_directory, threshold: 64 * 1024);
        var peakInMemory = 0L;
        for (var offset = 0; offset < content.Length; offset += 10_000)
        {
            await buffer.WriteAsync(content.AsMemory(offset, Math.Min(10_000, content.Length - offset)), CancellationToken.None);
            peakInMemory = Math.Max(peakInMemory, buffer.BytesInMemory);
        }

        Assert.That(buffer.IsFileBacked, Is.True);
        Assert.That(peakInMemory, Is.LessThanOrEqualTo(64 * 1024));
        Assert.That(buffer.BytesInMemory, Is.Zero);
        var file = Directory.GetFiles(_directory).Single();
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        await using (var read = await buffer.OpenReadAsync(CancellationToken.None))
        {
            Assert.That((read.CanSeek, read.CanWrite, read.Position, read.Length), Is.EqualTo((true, false, 0L, 300_000L)));
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.That(copy.ToArray(), Is.EqualTo(content));
        }

        await buffer.DisposeAsync();
        Assert.That(Directory.GetFiles(_directory), Is.Empty, "the temp file is deleted on dispose");
    }

    [Test]
    public async Task A_zero_threshold_always_uses_a_file()
    {
        await using var buffer = new MessageBuffer(_directory, threshold: 0);

        await buffer.WriteAsync(new byte[] { 1 }, CancellationToken.None);

        Assert.That(buffer.IsFileBacked, Is.True);
    }

    [Test]
    public async Task In_memory_content_is_read_only_and_seekable()
    {
        await using var buffer = new MessageBuffer(_directory, threshold: 1024);
        await buffer.WriteAsync("hello"u8.ToArray(), CancellationToken.None);

        await using var read = await buffer.OpenReadAsync(CancellationToken.None);

        Assert.That((read.CanSeek, read.CanWrite, read.Length), Is.EqualTo((true, false, 5L)));
    }
}
