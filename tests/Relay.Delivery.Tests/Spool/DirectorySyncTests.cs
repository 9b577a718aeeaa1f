using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

public sealed class DirectorySyncTests
{
    [Test]
    public async Task Add_flushes_the_content_folder_before_the_envelope_folder()
    {
        using var folder = new SpoolFolder();
        var sync = new CountingDirectorySync();
        var spool = SpoolKit.Open(folder, sync: sync);
        var before = sync.Flushed.Count;

        await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1, 2, 3]);

        Assert.That(sync.Flushed.Skip(before), Is.EqualTo(new[] { folder.Content, folder.Envelopes }));
    }

    [Test]
    public async Task Update_and_delete_flush_the_envelope_folder()
    {
        using var folder = new SpoolFolder();
        var sync = new CountingDirectorySync();
        var spool = SpoolKit.Open(folder, sync: sync);
        var added = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1]);

        var beforeUpdate = sync.Flushed.Count;
        await spool.UpdateAsync(added.Envelope with { Attempts = 1 }, CancellationToken.None);
        var afterUpdate = sync.Flushed.Count;
        await spool.DeleteAsync(added.Envelope.Id, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(sync.Flushed.Skip(beforeUpdate).Take(afterUpdate - beforeUpdate), Is.EqualTo(new[] { folder.Envelopes }));
            Assert.That(sync.Flushed.Skip(afterUpdate), Is.EqualTo(new[] { folder.Envelopes }));
        });
    }

    [Test]
    public void Creating_the_spool_folders_flushes_their_parent()
    {
        using var folder = new SpoolFolder();
        var sync = new CountingDirectorySync();

        SpoolKit.Open(folder, sync: sync);
        var reopened = new CountingDirectorySync();
        SpoolKit.Open(folder, sync: reopened);

        Assert.Multiple(() =>
        {
            Assert.That(sync.Flushed, Is.EqualTo(new[] { folder.Path }));
            Assert.That(reopened.Flushed, Is.Empty);
        });
    }

    [Test]
    public void The_real_directory_fsync_reaches_the_kernel_on_linux()
    {
        Assume.That(OperatingSystem.IsLinux(), "directory fsync is a Linux-only call");
        using var folder = new SpoolFolder();
        var sync = new PosixDirectorySync();

        Assert.DoesNotThrow(() => sync.Flush(folder.Path));
        var missing = Assert.Throws<IOException>(() => sync.Flush(Path.Combine(folder.Path, "missing")));
        Assert.That(missing!.Message, Does.StartWith("open(").And.Contain("errno 2"));
        var file = Path.Combine(folder.Path, "file");
        File.WriteAllText(file, "x");
        Assert.That(() => sync.Flush(file), Throws.InstanceOf<IOException>().With.Message.Contain("errno 20"), "O_DIRECTORY refuses a file");
    }
}
