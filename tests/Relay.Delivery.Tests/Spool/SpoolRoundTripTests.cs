using Microsoft.Extensions.Time.Testing;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

public sealed class SpoolRoundTripTests
{
    [Test]
    public async Task A_new_instance_recovers_the_same_envelope_and_identical_bytes()
    {
        using var folder = new SpoolFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var content = SpoolKit.AwkwardContent();
        var added = await SpoolKit.AddAsync(
            SpoolKit.Open(folder, time), SpoolKit.Envelope("a@example.test", "b@example.test") with { SmtpUtf8 = true }, content);

        var reopened = SpoolKit.Open(folder, time);
        var recovered = await SpoolKit.RecoverAsync(reopened);

        Assert.That(recovered, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(added.Envelope.Id, Has.Length.EqualTo(32));
            Assert.That(added.Envelope.CreatedAt, Is.EqualTo(time.GetUtcNow()));
            Assert.That(added.ContentLength, Is.EqualTo(content.Length));
            Assert.That(SpoolKit.Canonical(recovered[0]), Is.EqualTo(SpoolKit.Canonical(added.Envelope)));
            Assert.That(recovered[0].Recipients.Select(r => r.Address), Is.EqualTo(new[] { "a@example.test", "b@example.test" }));
            Assert.That(recovered[0].SmtpUtf8, Is.True);
            Assert.That(reopened.Count, Is.EqualTo(1));
        });
        Assert.That(await SpoolKit.ReadContentAsync(reopened, added.Envelope.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task The_configuration_set_and_message_tags_survive_a_restart_and_an_older_file_reads_without_them()
    {
        using var folder = new SpoolFolder();
        var time = new FakeTimeProvider();
        var tagged = await SpoolKit.AddAsync(SpoolKit.Open(folder, time), SpoolKit.Envelope("a@example.test") with
        {
            ConfigurationSetName = "marketing",
            MessageTags = [new SpoolMessageTag { Name = "campaign", Value = "spring" }, new SpoolMessageTag { Name = "type", Value = "news" }],
        }, [1]);
        var plain = await SpoolKit.AddAsync(SpoolKit.Open(folder, time), SpoolKit.Envelope("b@example.test"), [2]);
        var older = File.ReadAllText(folder.EnvelopeFile(plain.Envelope.Id));
        File.WriteAllText(folder.EnvelopeFile(plain.Envelope.Id), older
            .Replace("\"configurationSetName\": null,", string.Empty, StringComparison.Ordinal)
            .Replace("\"messageTags\": [],", string.Empty, StringComparison.Ordinal));
        Assume.That(File.ReadAllText(folder.EnvelopeFile(plain.Envelope.Id)), Does.Not.Contain("messageTags").And.Not.Contain("configurationSetName"));

        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder, time));

        var again = recovered.Single(e => e.Id == tagged.Envelope.Id);
        Assert.That(again.ConfigurationSetName, Is.EqualTo("marketing"));
        Assert.That(again.MessageTags.Select(t => (t.Name, t.Value)), Is.EqualTo(new[] { ("campaign", "spring"), ("type", "news") }));
        var old = recovered.Single(e => e.Id == plain.Envelope.Id);
        Assert.That(old.ConfigurationSetName, Is.Null);
        Assert.That(old.MessageTags, Is.Empty);
    }

    [Test]
    public async Task An_update_persists_across_instances()
    {
        using var folder = new SpoolFolder();
        var time = new FakeTimeProvider();
        var added = await SpoolKit.AddAsync(SpoolKit.Open(folder, time), SpoolKit.Envelope("a@example.test", "b@example.test"), [1, 2, 3]);
        var updated = added.Envelope with
        {
            Attempts = 2,
            NextAttemptAt = time.GetUtcNow().AddMinutes(15),
            LastError = "451 4.3.0 try later",
            Recipients =
            [
                added.Envelope.Recipients[0] with { State = RecipientState.Delivered, LastReply = "250 2.0.0 ok" },
                added.Envelope.Recipients[1] with { State = RecipientState.Failed, LastReply = "550 5.1.1 no such user" },
            ],
        };

        await SpoolKit.Open(folder, time).UpdateAsync(updated, CancellationToken.None);
        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder, time));

        Assert.That(recovered.Select(SpoolKit.Canonical), Is.EqualTo(new[] { SpoolKit.Canonical(updated) }));
        Assert.That(recovered[0].Recipients[1].State, Is.EqualTo(RecipientState.Failed));
    }

    [Test]
    public async Task Delete_removes_both_files_and_the_message()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var kept = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1]);
        var deleted = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [2]);

        await spool.DeleteAsync(deleted.Envelope.Id, CancellationToken.None);

        var id = deleted.Envelope.Id;
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(folder.ContentFile(id)), Is.False);
            Assert.That(File.Exists(folder.EnvelopeFile(id)), Is.False);
            Assert.That(spool.Count, Is.EqualTo(1));
            Assert.ThrowsAsync<KeyNotFoundException>(() => spool.OpenContentAsync(id, CancellationToken.None));
            Assert.ThrowsAsync<KeyNotFoundException>(() => spool.UpdateAsync(deleted.Envelope, CancellationToken.None));
        });
        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder));
        Assert.That(recovered.Select(e => e.Id), Is.EqualTo(new[] { kept.Envelope.Id }));
        Assert.DoesNotThrowAsync(() => spool.DeleteAsync(id, CancellationToken.None), "deleting twice is harmless");
    }

    [Test]
    public async Task Ids_are_unique_and_sort_in_creation_order_and_recovery_returns_that_order()
    {
        using var folder = new SpoolFolder();
        var time = new FakeTimeProvider();
        var spool = SpoolKit.Open(folder, time);
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [(byte)i])).Envelope.Id);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder, time));

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.Unique);
            Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(recovered.Select(e => e.Id), Is.EqualTo(ids));
        });
    }

    [Test]
    public async Task Ids_created_in_the_same_millisecond_are_still_unique()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder, new FakeTimeProvider());

        var added = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [(byte)i])));

        Assert.That(added.Select(m => m.Envelope.Id), Is.Unique);
        Assert.That(spool.Count, Is.EqualTo(40));
    }

    [Test]
    public async Task Count_and_oldest_age_follow_adds_recovery_and_deletes()
    {
        using var folder = new SpoolFolder();
        var time = new FakeTimeProvider();
        var spool = SpoolKit.Open(folder, time);
        Assert.That(spool.OldestAge, Is.EqualTo(TimeSpan.Zero));
        var oldest = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1]);
        time.Advance(TimeSpan.FromMinutes(3));
        await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [2]);
        time.Advance(TimeSpan.FromMinutes(2));

        var reopened = SpoolKit.Open(folder, time);
        await SpoolKit.RecoverAsync(reopened);

        Assert.Multiple(() =>
        {
            Assert.That(spool.OldestAge, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(reopened.Count, Is.EqualTo(2));
            Assert.That(reopened.OldestAge, Is.EqualTo(TimeSpan.FromMinutes(5)));
        });
        await reopened.DeleteAsync(oldest.Envelope.Id, CancellationToken.None);
        Assert.That(reopened.OldestAge, Is.EqualTo(TimeSpan.FromMinutes(2)));
    }

    [Test]
    public async Task Content_opens_read_only_and_seekable()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var added = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [10, 20, 30]);

        await using var stream = await spool.OpenContentAsync(added.Envelope.Id, CancellationToken.None);
        stream.Position = 2;

        Assert.Multiple(() =>
        {
            Assert.That(stream.CanSeek, Is.True);
            Assert.That(stream.CanWrite, Is.False);
            Assert.That(stream.Length, Is.EqualTo(3));
            Assert.That(stream.ReadByte(), Is.EqualTo(30));
        });
    }

    [Test]
    public async Task Opening_the_spool_leaves_spare_files_alone_until_the_server_recovers_it()
    {
        using var folder = new SpoolFolder();
        var spare = Path.Combine(folder.Path, "spare", "msg", "0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(Path.GetDirectoryName(spare)!);
        await File.WriteAllBytesAsync(spare, new byte[1024]);

        // A CLI command builds the same services as the server: constructing the spool must not trim the spares
        // the live server is moving.
        var spool = new FileMessageSpool(folder.Path, new FakeTimeProvider(), new CapturingLogger<FileMessageSpool>(), new PosixDirectorySync(), maxSpareBytes: 0);
        Assert.That(File.Exists(spare), Is.True, "opening the spool touched spare/");

        await SpoolKit.RecoverAsync(spool);
        Assert.That(File.Exists(spare), Is.False, "recovery applies the byte cap (0 here)");
    }

    [Test]
    public async Task Add_keeps_the_message_id_it_is_given_and_refuses_it_twice()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        const string id = "0123456789abcdef0123456789abcdef";

        var added = await SpoolKit.AddAsync(spool, SpoolKit.Envelope() with { Id = id }, [1]);

        Assert.That(added.Envelope.Id, Is.EqualTo(id));
        Assert.ThrowsAsync<ArgumentException>(() => SpoolKit.AddAsync(spool, SpoolKit.Envelope() with { Id = id }, [2]));
        await using var content = await spool.OpenContentAsync(id, CancellationToken.None);
        Assert.That(content.ReadByte(), Is.EqualTo(1), "the first message is left as it was");
    }

    [Test]
    public void Add_refuses_an_envelope_it_cannot_spool_and_writes_nothing()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(() => SpoolKit.AddAsync(spool, SpoolKit.Envelope() with { Id = "../../etc/passwd" }, [1]));
            Assert.ThrowsAsync<ArgumentException>(() => SpoolKit.AddAsync(spool, SpoolKit.Envelope() with { Recipients = [] }, [1]));
            Assert.ThrowsAsync<ArgumentException>(() => SpoolKit.AddAsync(spool, SpoolKit.Envelope() with { Attempts = -1 }, [1]));
        });
        Assert.That(folder.AllFiles(), Is.Empty);
    }

    [Test]
    public void A_cancelled_add_leaves_no_files()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var content = new MemoryStream([1, 2, 3]);

        Assert.CatchAsync<OperationCanceledException>(() => spool.AddAsync(SpoolKit.Envelope(), content, cancelled.Token));
        Assert.Multiple(() =>
        {
            Assert.That(folder.AllFiles(), Is.Empty);
            Assert.That(spool.Count, Is.Zero);
        });
    }
}
