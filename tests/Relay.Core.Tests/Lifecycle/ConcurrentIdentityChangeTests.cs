using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// Two changes of one identity made at once through two nodes on one database. The interleaving is made, not timed:
/// one node's first save is held (<see cref="HeldSaveIdentityStore"/>) after it has read the identity and made its
/// change, the other node changes the identity meanwhile, then the first save goes on. Neither change may be lost.
/// </summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class ConcurrentIdentityChangeTests(StoreKind kind)
{
    private const string Domain = "example.com";
    private const string A = LifecycleHarness.AccountA;

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync(storeKind: kind);

    [TearDown]
    public async Task DisposeHarness() => await (_h?.DisposeAsync() ?? ValueTask.CompletedTask);

    /// <summary>A change through <see cref="IIdentityManagement"/>, and how to see it in the stored identity and its tags.</summary>
    public sealed record Change(string Name, Func<IIdentityManagement, Task> Make, Func<Identity, IReadOnlyList<IdentityTag>, bool> Holds)
    {
        public override string ToString() => Name;
    }

    private static readonly Change SigningDisabled = new(
        "signing disabled", service => service.SetSigningEnabledAsync(A, Domain, false, CancellationToken.None), (identity, _) => !identity.SigningEnabled);

    private static readonly Change KeyLengthChanged = new(
        // The harness's keys are 1024 bits, so 2048 is a change of length: a new key staged behind an idle token.
        "key length 2048",
        service => service.SetSigningAttributesAsync(A, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa2048), CancellationToken.None),
        (identity, _) => identity.StagedDkim is not null && identity.LastKeyLengthChange is not null);

    private static readonly Change Byodkim = new(
        "BYODKIM key",
        service => service.SetSigningAttributesAsync(
            A, Domain, new DkimSigningRequest(DkimSigningOrigin.External, Selector: "own", PrivateKey: TestRsaKeys.Pkcs8Pem(1024)), CancellationToken.None),
        (identity, _) => identity.PendingDkim is { Origin: DkimSigningOrigin.External } change && change.Keys[0].Selector == "own");

    private static readonly Change Ed25519Added = new(
        "Ed25519 key added", service => service.SetEd25519Async(A, Domain, Ed25519DkimRequest.Easy, CancellationToken.None), (identity, _) => identity.Ed25519 is not null);

    private static readonly Change VerificationTokenAsked = new(
        "VerifyDomainIdentity", service => service.VerifyDomainIdentityAsync(A, Domain, CancellationToken.None), (identity, _) => identity.VerificationToken is not null);

    private static readonly Change Tagged = new(
        "tagged",
        service => service.TagAsync(A, Domain, [new IdentityTag("team", "billing")], CancellationToken.None),
        (_, tags) => tags.Contains(new IdentityTag("team", "billing")));

    // The first change is the one held between its read and its save; the second is made meanwhile on the other node.
    private static readonly object[] Pairs =
    [
        new object[] { SigningDisabled, KeyLengthChanged },
        new object[] { KeyLengthChanged, SigningDisabled },
        new object[] { SigningDisabled, Byodkim },
        new object[] { Ed25519Added, SigningDisabled },
        new object[] { VerificationTokenAsked, Ed25519Added },
        new object[] { SigningDisabled, Tagged },
    ];

    [TestCaseSource(nameof(Pairs))]
    public async Task Two_changes_made_at_once_through_two_nodes_both_survive(Change held, Change meanwhile)
    {
        await _h.CreateSignedDomainAsync(Domain);
        var (first, store) = await OpenHeldNodeAsync();
        var second = await _h.OpenOtherNodeAsync();

        var heldChange = Task.Run(() => held.Make(first.Service));
        await store.Reached;
        await meanwhile.Make(second.Service);
        store.Release();
        await heldChange;

        var stored = await _h.GetAsync(Domain);
        var tags = await _h.Service.ListTagsAsync(A, Domain, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(held.Holds(stored, tags), Is.True, $"{held} (the change held between read and save) is stored");
            Assert.That(meanwhile.Holds(stored, tags), Is.True, $"{meanwhile} (the change made meanwhile) is not undone");
            Assert.That(stored.DkimStatus, Is.EqualTo(VerificationStatus.Success), "nothing else went back");
        });
    }

    [Test]
    public async Task A_dns_check_saved_while_a_change_waits_to_be_saved_keeps_both()
    {
        await _h.Service.VerifyDomainDkimAsync(A, Domain, CancellationToken.None);
        await _h.PublishRecordsAsync(Domain);
        var (node, store) = await OpenHeldNodeAsync();

        var disabling = Task.Run(() => node.Service.SetSigningEnabledAsync(A, Domain, false, CancellationToken.None));
        await store.Reached;
        var checkedMeanwhile = await _h.RunNextCheckAsync(Domain);
        store.Release();
        await disabling;

        var stored = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(checkedMeanwhile.DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up: the check verified the records");
            Assert.That(stored.SigningEnabled, Is.False, "the management change is stored");
            Assert.That(stored.DkimStatus, Is.EqualTo(VerificationStatus.Success), "and the check's result is not undone by it");
            Assert.That(stored.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        });
    }

    [Test]
    public async Task A_change_saved_while_a_dns_check_waits_to_be_saved_keeps_both_and_one_notice()
    {
        await _h.Service.VerifyDomainDkimAsync(A, Domain, CancellationToken.None);
        await _h.PublishRecordsAsync(Domain);
        var due = await _h.GetAsync(Domain);
        var (node, store) = await OpenHeldNodeAsync();
        _h.Time.SetUtcNow(due.NextCheck!.Value);

        var checking = Task.Run(() => node.Verifier.CheckDueAsync(10, LifecycleHarness.ClaimLease, CancellationToken.None));
        await store.Reached;
        await _h.Service.SetSigningEnabledAsync(A, Domain, false, CancellationToken.None);
        store.Release();
        await checking;

        var stored = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(stored.SigningEnabled, Is.False, "the management change made during the check is kept");
            Assert.That(stored.DkimStatus, Is.EqualTo(VerificationStatus.Success), "the check is applied to the identity as it is now");
            Assert.That(node.Notifier.Events.Count(e => e.Kind == IdentityEventKind.DkimStatusChanged), Is.EqualTo(1), "one notice of the new status");
        });
    }

    [TestCaseSource(nameof(ChangesOfAnExistingIdentity))]
    public async Task A_delete_made_while_a_change_waits_to_be_saved_leaves_the_identity_deleted(Change change)
    {
        await _h.CreateSignedDomainAsync(Domain);
        var (node, store) = await OpenHeldNodeAsync();

        var changing = Task.Run(() => change.Make(node.Service));
        await store.Reached;
        Assert.That(await _h.Service.DeleteAsync(A, Domain, CancellationToken.None), Is.True);
        store.Release();

        var error = Assert.ThrowsAsync<IdentityOperationException>(async () => await changing);
        Assert.That(error!.Kind, Is.EqualTo(IdentityErrorKind.NotFound), "the change finds the identity gone");
        Assert.That(await _h.Store.FindIdentitiesAsync(A, [Domain], CancellationToken.None), Is.Empty, "not brought back");
        Assert.That(await _h.Store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty, "and its keys are not served again");
    }

    private static readonly Change[] ChangesOfAnExistingIdentity = [SigningDisabled, KeyLengthChanged, Byodkim, Ed25519Added];

    [Test]
    public async Task Two_creations_of_one_identity_through_two_nodes_at_once_make_one_and_refuse_the_other()
    {
        var gate = new SaveGate(parties: 2);
        var nodes = new[]
        {
            await _h.OpenOtherNodeAsync(store => new GatedIdentityStore(store, gate)),
            await _h.OpenOtherNodeAsync(store => new GatedIdentityStore(store, gate)),
        };

        var results = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            try
            {
                return await node.Service.CreateIdentityAsync(A, Domain, null, CancellationToken.None);
            }
            catch (IdentityOperationException ex) when (ex.Kind == IdentityErrorKind.AlreadyExists)
            {
                return null;
            }
        })));

        var created = results.OfType<Identity>().ToList();
        Assert.That(created, Has.Count.EqualTo(1), "one creation, one AlreadyExists");
        var stored = await _h.GetAsync(Domain);
        Assert.That(stored.DkimKeys, Is.EqualTo(created[0].DkimKeys), "the caller that was told it created the identity was given the stored keys");
    }

    [Test]
    public async Task Two_verify_domain_dkim_calls_for_a_new_domain_through_two_nodes_at_once_give_both_the_stored_tokens()
    {
        _h.Options.VerifyDomainDkimInterval = TimeSpan.Zero;
        var gate = new SaveGate(parties: 2);
        var nodes = new[]
        {
            await _h.OpenOtherNodeAsync(store => new GatedIdentityStore(store, gate)),
            await _h.OpenOtherNodeAsync(store => new GatedIdentityStore(store, gate)),
        };

        var tokens = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Service.VerifyDomainDkimAsync(A, Domain, CancellationToken.None))));

        var stored = await _h.GetAsync(Domain);
        Assert.That(tokens, Has.All.EqualTo(stored.DkimTokens), "one key set, and both callers publish its tokens");
    }

    [Test]
    public async Task A_change_overtaken_on_every_attempt_gives_up_after_three_with_a_clear_error_and_saves_nothing()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        OvertakingIdentityStore? overtaking = null;
        var node = await _h.OpenOtherNodeAsync(inner => overtaking = new OvertakingIdentityStore(inner));

        var error = Assert.ThrowsAsync<IdentityOperationException>(
            async () => await node.Service.SetSigningEnabledAsync(A, Domain, false, CancellationToken.None));

        var stored = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(IdentityErrorKind.Throttled));
            Assert.That(error.Message, Does.Contain(Domain).And.Contain("try again"));
            Assert.That(overtaking!.Attempts, Is.EqualTo(3), "bounded");
            Assert.That(stored.SigningEnabled, Is.True, "nothing half-saved");
            Assert.That(stored.Version, Is.EqualTo(signed.Version + 3), "only the other node's three saves");
        });
    }

    [Test]
    public async Task A_confirmation_whose_save_is_overtaken_mails_one_link_and_it_is_the_stored_one()
    {
        const string Address = "someone@example.net";
        var (node, store) = await OpenHeldNodeAsync();
        await _h.Service.CreateIdentityAsync(A, Address, null, CancellationToken.None);

        var asking = Task.Run(() => node.Service.VerifyEmailIdentityAsync(A, Address, CancellationToken.None));
        await store.Reached;
        await _h.Service.SetSigningEnabledAsync(A, Address, false, CancellationToken.None);
        store.Release();
        await asking;

        var stored = await _h.GetAsync(Address);
        Assert.Multiple(() =>
        {
            Assert.That(store.Saves, Is.EqualTo(2), "the held save lost, and the change was applied again once");
            Assert.That(node.Notifier.Confirmations, Has.Count.EqualTo(1), "one mail, after the save that stood");
            Assert.That(node.Notifier.Confirmations[0].Link.Query, Does.Contain(stored.VerificationToken!), "with the stored link");
            Assert.That(stored.SigningEnabled, Is.False, "the change made meanwhile stays");
        });
    }

    /// <summary>Another node whose first save is held until the test releases it.</summary>
    private async Task<(LifecycleHarness.OtherNode Node, HeldSaveIdentityStore Store)> OpenHeldNodeAsync()
    {
        HeldSaveIdentityStore? held = null;
        var node = await _h.OpenOtherNodeAsync(inner => held = new HeldSaveIdentityStore(inner));
        return (node, held!);
    }
}
