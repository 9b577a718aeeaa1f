using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

public sealed class SpoolIdValidationTests
{
    private static readonly string[] NotIds =
    [
        "",
        "../x",
        "a/b",
        "..",
        "../../../../../../etc/passwd",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde/",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcde",
        " 123456789abcdef0123456789abcdef",
    ];

    [TestCaseSource(nameof(NotIds))]
    public void Every_call_that_takes_an_id_refuses_anything_but_a_spool_id(string id)
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(() => spool.OpenContentAsync(id, CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => spool.DeleteAsync(id, CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => spool.UpdateAsync(SpoolKit.Envelope() with { Id = id }, CancellationToken.None));
        });
    }

    [Test]
    public void A_null_id_is_refused()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);

        Assert.CatchAsync<ArgumentException>(() => spool.OpenContentAsync(null!, CancellationToken.None));
        Assert.CatchAsync<ArgumentException>(() => spool.DeleteAsync(null!, CancellationToken.None));
    }

    [Test]
    public async Task Deleting_a_traversing_id_leaves_the_file_it_names_in_place()
    {
        using var folder = new SpoolFolder();
        var spool = SpoolKit.Open(folder);
        var victim = Path.Combine(folder.Path, "victim.json");
        await File.WriteAllTextAsync(victim, "{}");

        Assert.ThrowsAsync<ArgumentException>(() => spool.DeleteAsync("../victim", CancellationToken.None));
        Assert.That(File.Exists(victim), Is.True);
    }

    [Test]
    public void Ids_the_spool_issues_are_valid()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => SpoolId.Create(TimeProvider.System)).ToList();

        Assert.That(ids, Has.All.Matches<string>(SpoolId.IsValid));
        Assert.That(ids, Is.Unique);
    }
}
