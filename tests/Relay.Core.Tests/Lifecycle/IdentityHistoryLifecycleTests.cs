using Relay.Core.Identities;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// The stored history as the lifecycle writes it: every status the DNS checks go through is a row, also one that came
/// and went between two looks at the identity, and a check whose save loses to another change adds none.
/// </summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class IdentityHistoryLifecycleTests(StoreKind kind)
{
    private const string Domain = "example.com";

    private LifecycleHarness? _h;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync(storeKind: kind);

    [TearDown]
    public async Task DisposeHarness()
    {
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<IdentityHistoryEntry>> DkimRowsAsync() =>
        (await _h!.Store.ListHistoryAsync(LifecycleHarness.AccountA, Domain, 200, CancellationToken.None))
            .Where(row => row.Change == IdentityHistoryChange.DkimStatus).ToList();

    [Test]
    public async Task Pending_success_failure_and_success_again_are_all_listed_newest_first_with_their_times_and_findings()
    {
        var h = _h!;
        await h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var records = h.Service.RecordsFor(await h.GetAsync(Domain));
        await h.PublishRecordsAsync(Domain);
        await h.RunNextCheckAsync(Domain);
        var succeeded = h.Now;
        h.Dns.Remove(records);
        var missing = await h.RunNextCheckAsync(Domain);
        var failedAt = h.Now;
        Assert.That(missing.DkimStatus, Is.EqualTo(VerificationStatus.TemporaryFailure), "set-up: verified records gone");
        h.Dns.Publish(records);
        var back = await h.RunNextCheckAsync(Domain);
        Assert.That(back.DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up: the records are back");

        var rows = await DkimRowsAsync();

        Assert.That(rows.Select(row => (row.From, row.To)), Is.EqualTo(new[]
        {
            ("TEMPORARY_FAILURE", "SUCCESS"),
            ("SUCCESS", "TEMPORARY_FAILURE"),
            ("PENDING", "SUCCESS"),
            ("NOT_STARTED", "PENDING"),
        }), "the failure came and went between two looks at the identity, and is still listed");
        Assert.That(rows[0].When, Is.EqualTo(h.Now));
        Assert.That(rows[1].When, Is.EqualTo(failedAt));
        Assert.That(rows[2].When, Is.EqualTo(succeeded));
        Assert.That(rows[1].Finding, Is.EqualTo("Missing"), "what the failing check found is kept with the change");
        Assert.That(rows[1].FindingRecord?.TrimEnd('.'), Does.EndWith("._domainkey." + Domain));
        Assert.That(rows[0].Finding, Is.Null, "every record found");
        var all = await h.Store.ListHistoryAsync(LifecycleHarness.AccountA, Domain, 200, CancellationToken.None);
        Assert.That(all.Select(row => row.Change), Does.Contain(IdentityHistoryChange.VerificationStatus), "DKIM success verified the domain");
        Assert.That(all[^1].Change, Is.EqualTo(IdentityHistoryChange.Created));
    }

    [Test]
    public async Task A_check_whose_save_loses_to_a_change_made_meanwhile_is_recorded_once_after_it()
    {
        var h = _h!;
        await h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        await h.PublishRecordsAsync(Domain);
        // While the check's lookups are under way, the domain's signing is disabled: that save wins, and the verifier
        // reads the identity again and checks it again, so its first, lost save must leave no row.
        h.Dns.DuringNextLookup = async () =>
            await h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, Domain, false, CancellationToken.None);

        var identity = await h.RunNextCheckAsync(Domain);
        var rows = (await h.Store.ListHistoryAsync(LifecycleHarness.AccountA, Domain, 200, CancellationToken.None)).ToList();

        Assert.That((identity.DkimStatus, identity.SigningEnabled), Is.EqualTo((VerificationStatus.Success, false)), "set-up: both changes kept");
        var success = rows.Where(row => row.Change == IdentityHistoryChange.DkimStatus && row.To == "SUCCESS").ToList();
        var disabled = rows.FindIndex(row => row.Change == IdentityHistoryChange.SigningEnabled && row.To == "disabled");
        Assert.That(success, Has.Count.EqualTo(1), "one row for the check, none for its lost save");
        Assert.That(disabled, Is.GreaterThan(rows.IndexOf(success[0])), "the check saved after the change that won (newest first)");
    }

    [Test]
    public async Task Deleting_the_identity_deletes_its_history()
    {
        var h = _h!;
        await h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        Assert.That(await h.Store.ListHistoryAsync(LifecycleHarness.AccountA, Domain, 200, CancellationToken.None), Is.Not.Empty, "set-up");

        await h.Service.DeleteAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.That(await h.Store.ListHistoryAsync(LifecycleHarness.AccountA, Domain, 200, CancellationToken.None), Is.Empty);
    }
}
