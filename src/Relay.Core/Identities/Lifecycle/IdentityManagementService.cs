using Microsoft.Extensions.Logging;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>The identity lifecycle over the store: tokens and keys, verification, signing switches, key changes.</summary>
public sealed partial class IdentityManagementService : IIdentityManagement
{
    private const int EasyDkimKeyCount = 3;

    private readonly IIdentityStore _store;
    private readonly IIdentityTagStore _tags;
    private readonly IOperationCallStore _calls;
    private readonly IDkimKeyFactory _keys;
    private readonly IEd25519DkimKeyFactory _ed25519Keys;
    private readonly IdentityVerifier _verifier;
    private readonly IIdentityNotifier _notifier;
    private readonly IdentityLifecycleOptions _options;
    private readonly TimeProvider _time;
    private readonly EasyDkimRotation _rotation;
    private readonly Ed25519DkimRotation _ed25519Rotation;
    private readonly ILogger<IdentityManagementService> _logger;

    public IdentityManagementService(
        IIdentityStore store,
        IIdentityTagStore tags,
        IOperationCallStore calls,
        IDkimKeyFactory keys,
        IEd25519DkimKeyFactory ed25519Keys,
        IdentityVerifier verifier,
        IIdentityNotifier notifier,
        IdentityLifecycleOptions options,
        TimeProvider time,
        ILogger<IdentityManagementService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _tags = tags;
        _calls = calls;
        _keys = keys;
        _ed25519Keys = ed25519Keys;
        _verifier = verifier;
        _notifier = notifier;
        _options = options;
        _time = time;
        _rotation = new EasyDkimRotation(keys, options);
        _ed25519Rotation = new Ed25519DkimRotation(ed25519Keys, options);
        _logger = logger;
    }

    public async Task<IReadOnlyList<string>> VerifyDomainDkimAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var name = IdentityNameRules.Domain(domain);
        // In the shared store, so that the limit is the account's, not each node's.
        if (_options.VerifyDomainDkimInterval > TimeSpan.Zero
            && !await _calls.TryRecordCallAsync(accountId, "VerifyDomainDkim", _time.GetUtcNow(), _options.VerifyDomainDkimInterval, cancellationToken))
        {
            throw new IdentityOperationException(IdentityErrorKind.Throttled, "Rate exceeded");
        }

        var stored = await ChangeAsync<IReadOnlyList<string>>(accountId, name, existing => VerifyDomainDkim(accountId, name, existing), cancellationToken);
        return stored.Result;
    }

    /// <summary>VerifyDomainDkim applied to the domain as stored (null: none yet).</summary>
    private Applied<IReadOnlyList<string>> VerifyDomainDkim(string accountId, string name, Identity? existing)
    {
        var now = _time.GetUtcNow();
        Identity updated;
        if (existing is null)
        {
            updated = WithDefaultEd25519(WithKeyChange(NewDomain(accountId, name), DkimSigningOrigin.AwsSes, NewEasyDkimKeys(DkimKeyLength.Rsa2048), now), now);
        }
        else if (EasyDkimTokens(existing) is { } tokens)
        {
            if (existing.DkimStatus is not (VerificationStatus.Failed or VerificationStatus.NotStarted) || existing.DkimOrigin != DkimSigningOrigin.AwsSes)
            {
                return new(tokens);
            }

            // Asking again after FAILED starts a new wait for the same records, as SES does.
            updated = existing with { DkimStatus = VerificationStatus.Pending, DkimCheck = DnsCheckState.StartingAt(now) };
        }
        else if (existing.DkimOrigin == DkimSigningOrigin.External && existing.DkimKeys.Count > 0)
        {
            // A BYODKIM domain: answer with the tokens an Easy DKIM switch would use, and switch nothing. SES documents no
            // switch here; the switch is PutEmailIdentityDkimSigningAttributes with AWS_SES, which takes these tokens.
            if (existing.EasyDkimCandidateTokens is { Count: EasyDkimKeyCount } candidate)
            {
                return new(candidate);
            }

            var noted = existing with { EasyDkimCandidateTokens = NewEasyDkimTokens() };
            return new(noted.EasyDkimCandidateTokens!, noted, "VerifyDomainDkim: Easy DKIM tokens noted; the BYODKIM key keeps signing");
        }
        else
        {
            updated = WithKeyChange(existing, DkimSigningOrigin.AwsSes, NewEasyDkimKeys(existing.NextSigningKeyLength), now);
        }

        return new(EasyDkimTokens(updated)!, updated, "VerifyDomainDkim");
    }

    public async Task<string> VerifyDomainIdentityAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var name = IdentityNameRules.Domain(domain);
        var stored = await ChangeAsync(accountId, name, found =>
        {
            var existing = found ?? NewDomain(accountId, name);
            if (existing.VerificationToken is { } token && existing.VerificationStatus != VerificationStatus.Failed)
            {
                return new Applied<string>(token);
            }

            var updated = existing with
            {
                VerificationToken = existing.VerificationToken ?? IdentityTokens.NewVerificationToken(),
                VerificationStatus = existing.VerificationStatus == VerificationStatus.Success ? VerificationStatus.Success : VerificationStatus.Pending,
                VerificationCheck = DnsCheckState.StartingAt(_time.GetUtcNow()),
            };
            return new Applied<string>(updated.VerificationToken!, updated, "VerifyDomainIdentity");
        }, cancellationToken);
        return stored.Result;
    }

    public async Task VerifyEmailIdentityAsync(string accountId, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var name = IdentityNameRules.Address(address);
        var stored = await ChangeAsync(accountId, name, existing => existing is { VerificationStatus: VerificationStatus.Success }
            ? Unchanged(existing)
            : Save(PendingConfirmation(existing ?? NewAddress(accountId, name)), "confirmation link sent"), cancellationToken);
        if (stored.Saved is { } pending)
        {
            await SendConfirmationAsync(pending, cancellationToken);
        }
    }

    public async Task<Identity?> ConfirmEmailAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var identity = await _store.FindEmailIdentityByTokenAsync(token, cancellationToken);
        if (identity is null || identity.VerificationStatus != VerificationStatus.Pending)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (identity.VerificationCheck.NextCheck is { } deadline && now >= deadline)
        {
            await _verifier.CheckAsync(identity, force: false, cancellationToken);
            return null;
        }

        // Only over the identity that still waits for this link: a new link asked for meanwhile replaces this one.
        return await MarkAddressVerifiedAsync(
            identity.AccountId, identity.Name, current => current is { VerificationStatus: VerificationStatus.Pending } && current.VerificationToken == token,
            "confirmation link", cancellationToken);
    }

    public async Task<Identity> ConfirmEmailByOperatorAsync(string accountId, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var name = IdentityNameRules.Address(address);
        return (await MarkAddressVerifiedAsync(accountId, name, _ => true, "operator", cancellationToken))!;
    }

    public async Task<Identity> CreateIdentityAsync(string accountId, string name, DkimSigningRequest? signing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var isAddress = name?.Contains('@', StringComparison.Ordinal) == true;
        var normalized = isAddress ? IdentityNameRules.Address(name!) : IdentityNameRules.Domain(name!);
        if (isAddress && signing is not null)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "DkimSigningAttributes apply to domains only.");
        }

        // Added only if absent: of two creations at once (through two nodes) one is made and the other refused.
        var stored = await ChangeAsync(accountId, normalized, existing =>
        {
            if (existing is not null)
            {
                throw new IdentityOperationException(IdentityErrorKind.AlreadyExists, $"Email identity {normalized} already exists.");
            }

            if (isAddress)
            {
                return Save(PendingConfirmation(NewAddress(accountId, normalized)), "confirmation link sent");
            }

            var now = _time.GetUtcNow();
            var identity = NewDomain(accountId, normalized);
            var (origin, keys, length) = KeysFor(signing ?? new DkimSigningRequest(DkimSigningOrigin.AwsSes), identity.NextSigningKeyLength, easyDkimTokens: null);
            return Save(WithDefaultEd25519(WithKeyChange(identity with { NextSigningKeyLength = length }, origin, keys, now), now), "CreateEmailIdentity");
        }, cancellationToken);
        var created = stored.Saved!;
        if (isAddress)
        {
            await SendConfirmationAsync(created, cancellationToken);
        }

        return created;
    }

    public async Task<Identity?> FindAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var found = await _store.FindIdentitiesAsync(accountId, [IdentityNameRules.Lookup(name)], cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<Identity>> ListAsync(string accountId, CancellationToken cancellationToken) =>
        _store.ListIdentitiesAsync(accountId, cancellationToken);

    public async Task<Identity> SetSigningEnabledAsync(string accountId, string name, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var stored = await ChangeAsync(accountId, LookupName(name), async current =>
        {
            var identity = current ?? throw NotFound(name);
            if (enabled && !await HasDkimDomainAsync(identity, cancellationToken))
            {
                var domain = identity.Type == IdentityType.Domain ? identity.Name : identity.Name[(identity.Name.LastIndexOf('@') + 1)..];
                throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, $"Domain {domain} is not verified for DKIM signing.");
            }

            return identity.SigningEnabled == enabled
                ? Unchanged(identity)
                : Save(identity with { SigningEnabled = enabled }, enabled ? "DKIM signing enabled" : "DKIM signing disabled");
        }, cancellationToken);
        return AsStored(stored);
    }

    public async Task<Identity> SetSigningAttributesAsync(string accountId, string domain, DkimSigningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(accountId);
        var stored = await ChangeAsync(accountId, LookupName(domain), current => SigningAttributes(RequireDomain(current, domain), request), cancellationToken);
        return AsStored(stored);
    }

    /// <summary>PutEmailIdentityDkimSigningAttributes applied to the domain as stored.</summary>
    private Applied<Identity> SigningAttributes(Identity identity, DkimSigningRequest request)
    {
        var now = _time.GetUtcNow();
        if (request.Origin == DkimSigningOrigin.AwsSes && identity is { DkimOrigin: DkimSigningOrigin.AwsSes, PendingDkim: null } && identity.DkimKeys.Count > 0)
        {
            var length = request.NextSigningKeyLength ?? identity.NextSigningKeyLength;
            var changed = NewestEasyDkimKey(identity).KeyBits != (int)length
                ? ChangeKeyLength(identity, length, now)
                : identity with { NextSigningKeyLength = length };
            return Save(changed, changed.LastKeyGeneration == identity.LastKeyGeneration
                ? "DKIM signing attributes (no change of keys)"
                : $"DKIM key length {(int)length}: a new key behind the same tokens");
        }

        var (origin, keys, nextLength) = KeysFor(request, identity.NextSigningKeyLength, identity.EasyDkimCandidateTokens);
        var updated = WithKeyChange(identity with { NextSigningKeyLength = nextLength }, origin, keys, now);
        updated = origin == DkimSigningOrigin.AwsSes
            ? updated with { EasyDkimCandidateTokens = null }
            // Leaving Easy DKIM: its tokens are kept, so that a return behind the customer's CNAMEs needs no DNS change.
            : updated with { StagedDkim = null, EasyDkimCandidateTokens = EasyDkimTokens(identity) ?? identity.EasyDkimCandidateTokens };

        return Save(updated, $"DKIM signing attributes: {SesNames.Origin(origin)}");
    }

    public async Task<Identity> RotateAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        var identity = await RequireDomainAsync(accountId, domain, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var updated = Rotated(identity, _time.GetUtcNow());
            // A compare-and-swap, not a plain save: of two rotations asked at once (through two nodes) one must not
            // overwrite the keys of the other after its caller was given them.
            if (await _store.TrySaveIdentityAsync(updated, cancellationToken))
            {
                LogChanged(updated.AccountId, updated.Name, "DKIM key rotation");
                return updated with { Version = identity.Version + 1 };
            }

            var current = await RequireDomainAsync(accountId, domain, cancellationToken);
            if (KeysChanged(identity, current))
            {
                // New keys were made meanwhile, by a rotation asked at the same time: that is the rotation asked for, made once.
                LogRotatedElsewhere(current.AccountId, current.Name);
                return current;
            }

            if (attempt == IdentitySaveAttempts.Max)
            {
                throw new IdentityOperationException(IdentityErrorKind.Throttled, $"{current.Name} is being changed by other requests; try again.");
            }

            identity = current;
        }
    }

    public async Task<bool> DeleteAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var normalized = IdentityNameRules.Lookup(name);
        var deleted = await _store.DeleteIdentityAsync(accountId, normalized, cancellationToken);
        if (deleted)
        {
            LogChanged(accountId, normalized, "deleted");
        }

        return deleted;
    }

    public async Task<IReadOnlyList<IdentityTag>> ListTagsAsync(string accountId, string name, CancellationToken cancellationToken) =>
        await _tags.ListTagsAsync(accountId, LookupName(name), cancellationToken) ?? throw NotFound(name);

    public async Task TagAsync(string accountId, string name, IReadOnlyList<IdentityTag> tags, CancellationToken cancellationToken)
    {
        IdentityTagRules.Validate(tags);
        var normalized = LookupName(name);
        switch (await _tags.AddTagsAsync(accountId, normalized, tags, IdentityTagRules.MaxTagsPerIdentity, cancellationToken))
        {
            case IdentityTagChange.IdentityNotFound:
                throw NotFound(name);
            case IdentityTagChange.TooManyTags:
                throw new IdentityOperationException(
                    IdentityErrorKind.InvalidParameter, $"Email identity {normalized} would have more than {IdentityTagRules.MaxTagsPerIdentity} tags.");
            default:
                LogTagged(accountId, normalized, tags.Count);
                break;
        }
    }

    public async Task UntagAsync(string accountId, string name, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "TagKeys must name at least one tag key.");
        }

        foreach (var key in keys)
        {
            IdentityTagRules.ValidateKey(key);
        }

        var normalized = LookupName(name);
        if (!await _tags.RemoveTagsAsync(accountId, normalized, keys.Distinct(StringComparer.Ordinal).ToList(), cancellationToken))
        {
            throw NotFound(name);
        }

        LogUntagged(accountId, normalized, keys.Count);
    }

    public async Task<Identity> CheckNowAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        var identity = await RequireAsync(accountId, name, cancellationToken);
        return await _verifier.CheckAsync(identity, force: true, cancellationToken);
    }

    public IReadOnlyList<DnsRecord> RecordsFor(Identity identity) => IdentityRecords.For(identity, _options);

    /// <summary>The address waiting for a new confirmation link.</summary>
    private Identity PendingConfirmation(Identity identity)
    {
        var now = _time.GetUtcNow();
        return identity with
        {
            VerificationStatus = VerificationStatus.Pending,
            VerificationToken = IdentityTokens.NewConfirmationToken(),
            VerificationCheck = new DnsCheckState(now, null, null, null, now + _options.EmailConfirmationWindow, 0, []),
        };
    }

    /// <summary>Mails the link of the confirmation that was saved; after the save, so that a retried save sends one mail.</summary>
    private async Task SendConfirmationAsync(Identity pending, CancellationToken cancellationToken)
    {
        var link = new Uri($"{_options.ConfirmationLinkBase}?token={Uri.EscapeDataString(pending.VerificationToken!)}");
        await _notifier.SendConfirmationAsync(pending, link, cancellationToken);
    }

    /// <summary>
    /// Marks the address verified (a new one when there is none and <paramref name="applies"/> allows it); null when
    /// <paramref name="applies"/> refuses the address as stored. Announces the change of status once, after the save.
    /// </summary>
    private async Task<Identity?> MarkAddressVerifiedAsync(
        string accountId, string name, Func<Identity?, bool> applies, string how, CancellationToken cancellationToken)
    {
        var stored = await ChangeAsync<Identity?>(accountId, name, current =>
        {
            if (!applies(current))
            {
                return new Applied<Identity?>(null);
            }

            var now = _time.GetUtcNow();
            var verified = (current ?? NewAddress(accountId, name)) with
            {
                VerificationStatus = VerificationStatus.Success,
                VerificationToken = null,
                VerificationCheck = new DnsCheckState(now, now, now, null, null, 0, []),
            };
            return new Applied<Identity?>(verified, verified, $"address verified by {how}");
        }, cancellationToken);
        if (stored.Saved is not { } saved)
        {
            return null;
        }

        var before = stored.Replaced?.VerificationStatus ?? VerificationStatus.NotStarted;
        if (before != VerificationStatus.Success)
        {
            await _notifier.PublishAsync(
                new IdentityEvent(saved, IdentityEventKind.VerificationStatusChanged, before, VerificationStatus.Success,
                    $"Address verification status of {saved.Name} changed from {SesNames.Status(before)} to SUCCESS."),
                cancellationToken);
        }

        return saved;
    }

    /// <summary>The identity a change answers with: as saved (with its new version), or as stored when nothing changed.</summary>
    private static Identity AsStored(Stored<Identity> stored) => stored.Saved ?? stored.Result;

    /// <summary>
    /// Puts new keys in place: at once when the domain is not signing yet; otherwise as a pending change, so that the
    /// current keys keep signing until the new records verify.
    /// </summary>
    private static Identity WithKeyChange(Identity identity, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        var generated = origin == DkimSigningOrigin.AwsSes ? now : identity.LastKeyGeneration;
        if (identity.DkimStatus == VerificationStatus.Success && identity.DkimKeys.Count > 0)
        {
            return identity with
            {
                PendingDkim = new DkimKeyChange(origin, keys, DnsCheckState.StartingAt(now)),
                LastKeyGeneration = generated,
            };
        }

        return identity with
        {
            DkimOrigin = origin,
            DkimKeys = keys,
            SigningKey = keys[0],
            PendingDkim = null,
            StagedDkim = null,
            TokenRetirements = [],
            NextRotation = null,
            DkimStatus = VerificationStatus.Pending,
            DkimCheck = DnsCheckState.StartingAt(now),
            LastKeyGeneration = generated,
        };
    }

    // easyDkimTokens: the tokens VerifyDomainDkim answered a BYODKIM domain, for its Easy DKIM keys; null makes new ones.
    private (DkimSigningOrigin Origin, IReadOnlyList<SigningKey> Keys, DkimKeyLength NextLength) KeysFor(
        DkimSigningRequest request, DkimKeyLength currentNextLength, IReadOnlyList<string>? easyDkimTokens)
    {
        if (request.Origin == DkimSigningOrigin.External)
        {
            var selector = IdentityNameRules.Selector(request.Selector);
            return (DkimSigningOrigin.External, [_keys.Import(selector, request.PrivateKey ?? string.Empty)], currentNextLength);
        }

        var length = request.NextSigningKeyLength ?? currentNextLength;
        return (DkimSigningOrigin.AwsSes, NewEasyDkimKeys(length, easyDkimTokens), length);
    }

    /// <summary>
    /// A new key length for an Easy DKIM domain: behind the same tokens, staged while the domain signs, at once before.
    /// SES accepts such a change once a day.
    /// </summary>
    private Identity ChangeKeyLength(Identity identity, DkimKeyLength length, DateTimeOffset now)
    {
        if (identity.LastKeyLengthChange is { } last && _options.KeyLengthChangeInterval > TimeSpan.Zero && now < last + _options.KeyLengthChangeInterval)
        {
            throw new IdentityOperationException(
                IdentityErrorKind.Throttled,
                $"The DKIM key length of {identity.Name} was changed at {last:u}; it can be changed again from {last + _options.KeyLengthChangeInterval:u}.");
        }

        var changed = EasyDkimRotation.IsSigning(identity)
            ? _rotation.Stage(identity, length, now)
            : WithKeyChange(identity, DkimSigningOrigin.AwsSes, NewEasyDkimKeys(length, identity.DkimTokens), now);
        return changed with { NextSigningKeyLength = length, LastKeyLengthChange = now };
    }

    /// <summary>The Easy DKIM key made last: the staged one while a change is under way, else the one signing.</summary>
    private static SigningKey NewestEasyDkimKey(Identity identity) =>
        identity.StagedDkim is { } stage ? identity.DkimKeys.Single(key => key.Selector == stage.Token) : identity.SigningKey ?? identity.DkimKeys[0];

    private SigningKey[] NewEasyDkimKeys(DkimKeyLength length, IReadOnlyList<string>? tokens = null) =>
        (tokens is { Count: EasyDkimKeyCount } ? tokens : NewEasyDkimTokens()).Select(token => _keys.Generate(token, length)).ToArray();

    private static string[] NewEasyDkimTokens() =>
        Enumerable.Range(0, EasyDkimKeyCount).Select(_ => IdentityTokens.NewDkimToken()).ToArray();

    /// <summary>The Easy DKIM tokens the customer is asked to publish: a pending change's when there is one.</summary>
    private static IReadOnlyList<string>? EasyDkimTokens(Identity identity)
    {
        if (identity.PendingDkim is { Origin: DkimSigningOrigin.AwsSes } change)
        {
            return change.Keys.Select(key => key.Selector).ToArray();
        }

        return identity.DkimOrigin == DkimSigningOrigin.AwsSes && identity.DkimKeys.Count > 0 ? identity.DkimTokens : null;
    }

    private async Task<bool> HasDkimDomainAsync(Identity identity, CancellationToken cancellationToken)
    {
        if (identity.Type == IdentityType.Domain)
        {
            return identity.DkimKeys.Count > 0;
        }

        var domains = IdentityNames.CandidatesFor(identity.Name).Skip(1).ToArray();
        var found = await _store.FindIdentitiesAsync(identity.AccountId, domains, cancellationToken);
        return found.Any(domain => domain.Type == IdentityType.Domain && domain.DkimKeys.Count > 0);
    }

    private async Task<Identity> RequireAsync(string accountId, string name, CancellationToken cancellationToken) =>
        await FindAsync(accountId, name, cancellationToken) ?? throw NotFound(name);

    private static IdentityOperationException NotFound(string name) =>
        new(IdentityErrorKind.NotFound, $"Email identity {name} does not exist.");

    /// <summary>The stored form of a name to look up; a blank one (which no identity has) is NotFound.</summary>
    private static string LookupName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw NotFound(name ?? string.Empty) : IdentityNameRules.Lookup(name);

    private async Task<Identity> RequireDomainAsync(string accountId, string name, CancellationToken cancellationToken) =>
        RequireDomain(await FindAsync(accountId, name, cancellationToken), name);

    /// <summary>The domain as stored; NotFound when there is none, InvalidParameter for an address.</summary>
    private static Identity RequireDomain(Identity? identity, string name) => identity switch
    {
        null => throw NotFound(name),
        { Type: IdentityType.Domain } => identity,
        _ => throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, $"{identity.Name} is an email address; DKIM keys belong to domains."),
    };

    /// <summary>The identity with new keys: staged behind an idle token while it signs, in place before.</summary>
    private Identity Rotated(Identity identity, DateTimeOffset now)
    {
        if (identity.DkimOrigin == DkimSigningOrigin.External && identity.DkimKeys.Count > 0)
        {
            throw new IdentityOperationException(
                IdentityErrorKind.InvalidParameter, $"{identity.Name} signs with its own key (BYODKIM); rotate it by setting a new key.");
        }

        var updated = EasyDkimRotation.IsSigning(identity)
            ? _rotation.Stage(identity, identity.NextSigningKeyLength, now)
            : WithKeyChange(identity, DkimSigningOrigin.AwsSes, NewEasyDkimKeys(identity.NextSigningKeyLength, EasyDkimTokens(identity)), now);
        return WithRotatedEd25519(updated, now);
    }

    /// <summary>Whether <paramref name="after"/> holds keys <paramref name="before"/> did not: a rotation or key change came between.</summary>
    private static bool KeysChanged(Identity before, Identity after) =>
        !after.DkimKeys.SequenceEqual(before.DkimKeys)
        || !(after.PendingDkim?.Keys ?? []).SequenceEqual(before.PendingDkim?.Keys ?? [])
        || after.Ed25519?.Key != before.Ed25519?.Key;

    private static Identity NewDomain(string accountId, string name) =>
        new(accountId, name, IdentityType.Domain, VerificationStatus.NotStarted, VerificationStatus.NotStarted, SigningEnabled: true, SigningKey: null);

    private static Identity NewAddress(string accountId, string name) =>
        new(accountId, name, IdentityType.EmailAddress, VerificationStatus.NotStarted, VerificationStatus.NotStarted, SigningEnabled: true, SigningKey: null);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: {What}")]
    private partial void LogChanged(string accountId, string name, string what);

    [LoggerMessage(EventId = 9401, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: a DKIM key rotation asked at the same time was made by another request (another node); its keys stand and no second set is made")]
    private partial void LogRotatedElsewhere(string accountId, string name);

    [LoggerMessage(EventId = 9160, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: {Count} tag(s) set")]
    private partial void LogTagged(string accountId, string name, int count);

    [LoggerMessage(EventId = 9161, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: {Count} tag key(s) removed")]
    private partial void LogUntagged(string accountId, string name, int count);
}
