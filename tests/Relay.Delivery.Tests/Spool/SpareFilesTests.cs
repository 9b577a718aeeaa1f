using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

public sealed class SpareFilesTests
{
    [Test]
    public async Task A_deleted_message_leaves_its_two_files_as_spares_and_the_next_add_takes_them()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var first = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1, 2, 3]);

        await spool.DeleteAsync(first.Envelope.Id, CancellationToken.None);

        Assert.That(folder.AllFiles().Select(Folder), Is.EqualTo(new[] { "spare/env", "spare/msg" }));

        var second = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [4, 5, 6]);

        Assert.That(
            folder.AllFiles(),
            Is.EqualTo(new[] { $"env/{second.Envelope.Id}.json", $"msg/{second.Envelope.Id}.eml" }),
            "both spares reused, nothing else left");
        Assert.That(await SpoolKit.ReadContentAsync(spool, second.Envelope.Id), Is.EqualTo(new byte[] { 4, 5, 6 }));
    }

    [Test]
    public async Task A_spare_longer_than_what_is_written_into_it_is_cut_to_the_new_length()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var large = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251)).ToArray();
        var recipients = Enumerable.Range(0, 40).Select(i => $"recipient{i}@example.test").ToArray();
        var first = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(recipients), large);
        await spool.DeleteAsync(first.Envelope.Id, CancellationToken.None);

        var small = SpoolKit.AwkwardContent();
        var second = await SpoolKit.AddAsync(spool, SpoolKit.Envelope("only@example.test"), small);

        Assert.Multiple(() =>
        {
            Assert.That(second.ContentLength, Is.EqualTo(small.Length));
            Assert.That(new FileInfo(folder.ContentFile(second.Envelope.Id)).Length, Is.EqualTo(small.Length));
        });
        Assert.That(await SpoolKit.ReadContentAsync(spool, second.Envelope.Id), Is.EqualTo(small));
        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder));
        Assert.That(recovered.Select(SpoolKit.Canonical), Is.EqualTo(new[] { SpoolKit.Canonical(second.Envelope) }));
    }

    [Test]
    public async Task A_restart_keeps_the_spares_and_recovery_neither_recovers_nor_complains_about_them()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var delivered = new List<SpooledMessage>();
        for (var i = 0; i < 3; i++)
        {
            delivered.Add(await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [(byte)i]));
        }

        foreach (var message in delivered)
        {
            await spool.DeleteAsync(message.Envelope.Id, CancellationToken.None);
        }

        var logger = new CapturingLogger<FileMessageSpool>();
        var reopened = SpoolKit.Open(folder, logger: logger);
        var recovered = await SpoolKit.RecoverAsync(reopened);
        var added = await SpoolKit.AddAsync(reopened, SpoolKit.Envelope(), [9]);

        Assert.Multiple(() =>
        {
            Assert.That(recovered, Is.Empty);
            Assert.That(reopened.Count, Is.EqualTo(1));
            Assert.That(logger.Entries.Where(entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Warning), Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(folder.Path, "spare", "msg")), Has.Length.EqualTo(2), "one of three taken");
            Assert.That(Directory.GetFiles(Path.Combine(folder.Path, "spare", "env")), Has.Length.EqualTo(2));
        });
        Assert.That(await SpoolKit.ReadContentAsync(reopened, added.Envelope.Id), Is.EqualTo(new byte[] { 9 }));
    }

    [Test]
    public void Files_retired_beyond_the_capacity_are_deleted()
    {
        using var folder = new SpoolFolder();
        var spares = new SpareFiles(folder.Path + "/spares", capacity: 2);
        Directory.CreateDirectory(folder.Path + "/spares");
        var files = Enumerable.Range(0, 3).Select(i => WriteFile(folder, $"f{i}")).ToList();

        files.ForEach(spares.Retire);

        Assert.Multiple(() =>
        {
            Assert.That(spares.Count, Is.EqualTo(2));
            Assert.That(Directory.GetFiles(folder.Path + "/spares"), Has.Length.EqualTo(2));
            Assert.That(files.Where(File.Exists), Is.Empty);
        });
    }

    [Test]
    public void Files_retired_beyond_the_byte_limit_are_deleted_and_release_gives_every_byte_back()
    {
        using var folder = new SpoolFolder();
        Directory.CreateDirectory(folder.Path + "/spares");
        var spares = new SpareFiles(folder.Path + "/spares", maxBytes: 2500);
        var files = Enumerable.Range(0, 3).Select(i => WriteFile(folder, $"f{i}", 1000)).ToList();

        files.ForEach(spares.Retire);

        Assert.Multiple(() =>
        {
            Assert.That(spares.Count, Is.EqualTo(2), "a third 1000-byte file would pass 2500 bytes");
            Assert.That(spares.Bytes, Is.EqualTo(2000));
            Assert.That(files.Where(File.Exists), Is.Empty);
        });
        Assert.That(spares.Release(), Is.EqualTo(2000));
        Assert.That(Directory.GetFiles(folder.Path + "/spares"), Is.Empty);
        Assert.That((spares.Count, spares.Bytes), Is.EqualTo((0, 0L)));
    }

    [Test]
    public void A_restart_with_more_spares_than_the_capacity_deletes_the_extra_ones()
    {
        using var folder = new SpoolFolder();
        Directory.CreateDirectory(folder.Path + "/spares");
        for (var i = 0; i < 5; i++)
        {
            File.WriteAllBytes(Path.Combine(folder.Path, "spares", $"s{i}"), [1]);
        }

        var spares = new SpareFiles(folder.Path + "/spares", capacity: 3);
        spares.Load();

        Assert.That(spares.Count, Is.EqualTo(3));
        Assert.That(Directory.GetFiles(folder.Path + "/spares"), Has.Length.EqualTo(3));
    }

    [Test]
    public void A_spare_removed_behind_the_pools_back_is_skipped_and_an_empty_pool_says_so()
    {
        using var folder = new SpoolFolder();
        Directory.CreateDirectory(folder.Path + "/spares");
        var spares = new SpareFiles(folder.Path + "/spares");
        spares.Retire(WriteFile(folder, "a"));
        spares.Retire(WriteFile(folder, "b"));
        File.Delete(Directory.GetFiles(folder.Path + "/spares")[0]);

        var firstTaken = spares.TryTakeInto(Path.Combine(folder.Path, "taken-1"));
        var secondTaken = spares.TryTakeInto(Path.Combine(folder.Path, "taken-2"));

        Assert.Multiple(() =>
        {
            Assert.That(firstTaken, Is.True);
            Assert.That(File.Exists(Path.Combine(folder.Path, "taken-1")), Is.True);
            Assert.That(secondTaken, Is.False);
            Assert.That(File.Exists(Path.Combine(folder.Path, "taken-2")), Is.False);
            Assert.That(spares.Count, Is.Zero);
        });
    }

    private static string Folder(string relativePath) => Path.GetDirectoryName(relativePath)!.Replace('\\', '/');

    private static string WriteFile(SpoolFolder folder, string name, int length = 3)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, Enumerable.Repeat((byte)7, length).ToArray());
        return path;
    }
}
