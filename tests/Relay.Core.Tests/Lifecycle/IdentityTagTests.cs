using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Identity tags over the real SQLite store: round trip, limits, the account boundary, and deletion with the identity.</summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class IdentityTagTests(StoreKind kind)
{
    private const string A = LifecycleHarness.AccountA;
    private const string B = LifecycleHarness.AccountB;

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness()
    {
        _h = await LifecycleHarness.CreateAsync(storeKind: kind);
        await _h.Service.CreateIdentityAsync(A, "example.com", null, CancellationToken.None);
    }

    [TearDown]
    public async Task DisposeHarness() => await (_h?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Test]
    public async Task Tags_are_added_overwritten_listed_in_key_order_and_removed()
    {
        await _h.Service.TagAsync(A, "example.com", [new("team", "billing"), new("env", "prod")], CancellationToken.None);
        await _h.Service.TagAsync(A, "EXAMPLE.com", [new("env", "staging"), new("cost", string.Empty)], CancellationToken.None);
        var tagged = await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None);
        await _h.Service.UntagAsync(A, "example.com", ["team", "absent", "team"], CancellationToken.None);

        Assert.That(tagged, Is.EqualTo(new IdentityTag[] { new("cost", string.Empty), new("env", "staging"), new("team", "billing") }));
        Assert.That(await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None),
            Is.EqualTo(new IdentityTag[] { new("cost", string.Empty), new("env", "staging") }));
    }

    [Test]
    public async Task Keys_are_case_sensitive()
    {
        await _h.Service.TagAsync(A, "example.com", [new("Env", "1"), new("env", "2")], CancellationToken.None);

        Assert.That(await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Saving_the_identity_again_keeps_its_tags()
    {
        await _h.Service.TagAsync(A, "example.com", [new("team", "billing")], CancellationToken.None);

        await _h.Service.SetSigningEnabledAsync(A, "example.com", false, CancellationToken.None);
        await _h.Service.CheckNowAsync(A, "example.com", CancellationToken.None);
        await _h.Service.RotateAsync(A, "example.com", CancellationToken.None);

        Assert.That(await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None), Is.EqualTo(new IdentityTag[] { new("team", "billing") }));
    }

    [Test]
    public async Task Deleting_the_identity_deletes_its_tags()
    {
        await _h.Service.TagAsync(A, "example.com", [new("team", "billing")], CancellationToken.None);

        await _h.Service.DeleteAsync(A, "example.com", CancellationToken.None);
        var afterDelete = await _h.Store.ListTagsAsync(A, "example.com", CancellationToken.None);
        await _h.Service.CreateIdentityAsync(A, "example.com", null, CancellationToken.None);

        Assert.That(afterDelete, Is.Null);
        Assert.That(await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None), Is.Empty, "a new identity of the same name starts untagged");
    }

    [Test]
    public async Task Another_accounts_identity_is_not_found_and_keeps_its_own_tags()
    {
        await _h.Service.CreateIdentityAsync(B, "b.example", null, CancellationToken.None);
        await _h.Service.TagAsync(B, "b.example", [new("owner", "b")], CancellationToken.None);

        var list = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.ListTagsAsync(A, "b.example", CancellationToken.None));
        var tag = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.TagAsync(A, "b.example", [new("owner", "a")], CancellationToken.None));
        var untag = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.UntagAsync(A, "b.example", ["owner"], CancellationToken.None));

        Assert.That(new[] { list?.Kind, tag?.Kind, untag?.Kind }, Is.All.EqualTo(IdentityErrorKind.NotFound));
        Assert.That(await _h.Service.ListTagsAsync(B, "b.example", CancellationToken.None), Is.EqualTo(new IdentityTag[] { new("owner", "b") }));
    }

    [Test]
    public async Task Fifty_tags_are_the_limit_and_a_refused_request_changes_nothing()
    {
        await _h.Service.TagAsync(A, "example.com", Enumerable.Range(0, 49).Select(i => new IdentityTag($"k{i:00}", "v")).ToList(), CancellationToken.None);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.TagAsync(A, "example.com", [new("k00", "changed"), new("new1", "v"), new("new2", "v")], CancellationToken.None));
        await _h.Service.TagAsync(A, "example.com", [new("k00", "changed"), new("new1", "v")], CancellationToken.None);

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        var stored = await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None);
        Assert.That(stored, Has.Count.EqualTo(50));
        Assert.That(stored.Single(t => t.Key == "k00").Value, Is.EqualTo("changed"));
    }

    [Test]
    public async Task Two_concurrent_requests_cannot_pass_the_limit_between_them()
    {
        var first = Enumerable.Range(0, 30).Select(i => new IdentityTag($"a{i:00}", "v")).ToList();
        var second = Enumerable.Range(0, 30).Select(i => new IdentityTag($"b{i:00}", "v")).ToList();

        var outcomes = await Task.WhenAll(
            Task.Run(() => _h.Store.AddTagsAsync(A, "example.com", first, IdentityTagRules.MaxTagsPerIdentity, CancellationToken.None)),
            Task.Run(() => _h.Store.AddTagsAsync(A, "example.com", second, IdentityTagRules.MaxTagsPerIdentity, CancellationToken.None)));

        Assert.That(outcomes, Is.EquivalentTo(new[] { IdentityTagChange.Saved, IdentityTagChange.TooManyTags }));
        Assert.That(await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None), Has.Count.EqualTo(30));
    }

    [TestCase("aws:owner", "v")]
    [TestCase("Aws:owner", "v")]
    [TestCase("", "v")]
    public void A_key_SES_refuses_is_refused(string key, string value)
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.TagAsync(A, "example.com", [new(key, value)], CancellationToken.None));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }

    [Test]
    public async Task Lengths_are_counted_in_characters_not_utf16_units()
    {
        // 128 characters outside the BMP are 256 UTF-16 units: still a key SES takes.
        var key = string.Concat(Enumerable.Repeat("\U0001F600", 128));

        await _h.Service.TagAsync(A, "example.com", [new(key, "v")], CancellationToken.None);
        var tooLong = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.TagAsync(A, "example.com", [new(key + "x", "v")], CancellationToken.None));

        Assert.That(tooLong?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That((await _h.Service.ListTagsAsync(A, "example.com", CancellationToken.None))[0].Key, Is.EqualTo(key));
    }

    [Test]
    public void UntagAsync_without_keys_is_refused()
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.UntagAsync(A, "example.com", [], CancellationToken.None));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }
}
