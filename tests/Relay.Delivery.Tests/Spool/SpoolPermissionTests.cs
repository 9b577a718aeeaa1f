using System.Runtime.Versioning;

namespace Relay.Delivery.Tests.Spool;

[UnsupportedOSPlatform("windows")]
[Platform(Exclude = "Win", Reason = "Unix file modes only")]
public sealed class SpoolPermissionTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;

    [Test]
    public async Task Queued_mail_and_its_folders_are_for_the_owner_alone_whatever_the_umask()
    {
        using var folder = new SpoolFolder();
        var root = Path.Combine(folder.Path, "queue");
        var spool = new Relay.Delivery.Spool.FileMessageSpool(
            root, TimeProvider.System, new CapturingLogger<Relay.Delivery.Spool.FileMessageSpool>());
        var added = await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), [1, 2, 3]);
        var id = added.Envelope.Id;

        Assert.Multiple(() =>
        {
            foreach (var directory in new[] { root, $"{root}/msg", $"{root}/env", $"{root}/corrupt", $"{root}/spare/msg", $"{root}/spare/env" })
            {
                Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(OwnerOnlyFolder), directory);
            }

            Assert.That(File.GetUnixFileMode($"{root}/msg/{id}.eml"), Is.EqualTo(OwnerReadWrite));
            Assert.That(File.GetUnixFileMode($"{root}/env/{id}.json"), Is.EqualTo(OwnerReadWrite));
        });
    }
}
