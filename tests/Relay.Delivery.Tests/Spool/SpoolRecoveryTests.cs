using System.Text;
using Microsoft.Extensions.Logging;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

public sealed class SpoolRecoveryTests
{
    private const string OrphanId = "0190aaaabbbbccccddddeeeeffff0000";

    public enum Damage
    {
        Truncated,
        Empty,
        NotJson,
        OtherId,
        UnknownVersion,
        NoRecipients,
        NullReversePath,
    }

    [Test]
    public async Task Temporary_files_and_content_without_an_envelope_are_removed_and_never_reported()
    {
        using var folder = new SpoolFolder();
        var committed = await SpoolKit.AddAsync(SpoolKit.Open(folder), SpoolKit.Envelope(), [1, 2]);
        await File.WriteAllBytesAsync(folder.ContentFile(OrphanId), [9, 9, 9]);
        await File.WriteAllBytesAsync(Path.Combine(folder.Content, OrphanId + ".eml.0123.tmp"), [9]);
        await File.WriteAllBytesAsync(Path.Combine(folder.Envelopes, OrphanId + ".json.4567.tmp"), [(byte)'{']);
        var logger = new CapturingLogger<FileMessageSpool>();

        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder, logger: logger));

        Assert.Multiple(() =>
        {
            Assert.That(recovered.Select(e => e.Id), Is.EqualTo(new[] { committed.Envelope.Id }));
            Assert.That(folder.AllFiles(), Is.EqualTo(new[]
            {
                Path.Combine("env", committed.Envelope.Id + ".json"),
                Path.Combine("msg", committed.Envelope.Id + ".eml"),
            }));
            Assert.That(logger.Entries.Count(e => e.EventId == 4102), Is.EqualTo(1), "orphan logged");
            Assert.That(logger.Entries.Count(e => e.EventId == 4103), Is.EqualTo(2), "temporaries logged");
            Assert.That(logger.Entries.Any(e => e.Level >= LogLevel.Error), Is.False);
        });
    }

    [TestCase(Damage.Truncated)]
    [TestCase(Damage.Empty)]
    [TestCase(Damage.NotJson)]
    [TestCase(Damage.OtherId)]
    [TestCase(Damage.UnknownVersion)]
    [TestCase(Damage.NoRecipients)]
    [TestCase(Damage.NullReversePath)]
    public async Task A_damaged_envelope_is_quarantined_with_its_content_and_the_others_recover(Damage damage)
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var first = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1]);
        var damaged = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [2]);
        var last = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [3]);
        var id = damaged.Envelope.Id;
        var path = folder.EnvelopeFile(id);
        await File.WriteAllBytesAsync(path, Damaged(await File.ReadAllBytesAsync(path), damage, first.Envelope.Id, id));
        var logger = new CapturingLogger<FileMessageSpool>();

        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder, logger: logger));
        var again = await SpoolKit.RecoverAsync(SpoolKit.Open(folder));

        Assert.Multiple(() =>
        {
            // Added within one millisecond of fake time, so their order is not defined.
            Assert.That(recovered.Select(e => e.Id), Is.EquivalentTo(new[] { first.Envelope.Id, last.Envelope.Id }));
            Assert.That(again.Select(e => e.Id), Is.EquivalentTo(new[] { first.Envelope.Id, last.Envelope.Id }));
            Assert.That(Directory.GetFiles(folder.Corrupt).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                Is.EqualTo(new[] { id + ".eml", id + ".json" }));
            Assert.That(logger.Entries.Where(e => e.EventId == 4101).Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Error }));
        });
    }

    [Test]
    public async Task An_envelope_without_content_is_quarantined()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var lost = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1]);
        File.Delete(folder.ContentFile(lost.Envelope.Id));

        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder));

        Assert.Multiple(() =>
        {
            Assert.That(recovered, Is.Empty);
            Assert.That(File.Exists(Path.Combine(folder.Corrupt, lost.Envelope.Id + ".json")), Is.True);
        });
    }

    [Test]
    public async Task Files_the_spool_did_not_write_are_left_alone()
    {
        using var folder = new SpoolFolder();
        SpoolKit.Open(folder);
        var stranger = Path.Combine(folder.Content, "notes.txt");
        await File.WriteAllTextAsync(stranger, "mine");
        var logger = new CapturingLogger<FileMessageSpool>();

        var recovered = await SpoolKit.RecoverAsync(SpoolKit.Open(folder, logger: logger));

        Assert.Multiple(() =>
        {
            Assert.That(recovered, Is.Empty);
            Assert.That(File.Exists(stranger), Is.True);
            Assert.That(logger.Entries.Count(e => e.EventId == 4104), Is.EqualTo(1));
        });
    }

    private static byte[] Damaged(byte[] json, Damage damage, string otherId, string id)
    {
        var text = Encoding.UTF8.GetString(json);
        return damage switch
        {
            Damage.Truncated => json[..(json.Length / 2)],
            Damage.Empty => [],
            Damage.NotJson => [0xff, 0xfe, 0x00, 0x41],
            Damage.OtherId => Encoding.UTF8.GetBytes(text.Replace(id, otherId, StringComparison.Ordinal)),
            Damage.UnknownVersion => Encoding.UTF8.GetBytes(text.Replace("\"formatVersion\": 2", "\"formatVersion\": 99", StringComparison.Ordinal)),
            Damage.NoRecipients => Encoding.UTF8.GetBytes(text.Replace("\"recipients\"", "\"ignored\"", StringComparison.Ordinal)),
            Damage.NullReversePath => Encoding.UTF8.GetBytes(text.Replace("\"sender@example.test\"", "null", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }
}
