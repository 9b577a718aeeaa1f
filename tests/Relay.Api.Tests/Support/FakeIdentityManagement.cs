using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Tests.Support;

/// <summary>An in-memory stand-in for the identity lifecycle with the refusals the API maps (not found, invalid, exists, throttled).</summary>
internal sealed class FakeIdentityManagement : IIdentityManagement
{
    private readonly Dictionary<(string Account, string Name), Identity> _identities = [];
    private readonly Dictionary<(string Account, string Name), SortedDictionary<string, string>> _tags = [];

    public List<string> Calls { get; } = [];

    /// <summary>The next VerifyDomainDkim call is throttled.</summary>
    public bool ThrottleNext { get; set; }

    public DkimSigningRequest? LastSigningRequest { get; private set; }

    public Identity Add(Identity identity)
    {
        _identities[(identity.AccountId, identity.Name)] = identity;
        return identity;
    }

    public Identity Domain(string account, string name, VerificationStatus dkim = VerificationStatus.Pending, bool verified = false) =>
        Add(new Identity(account, name, IdentityType.Domain, verified ? VerificationStatus.Success : VerificationStatus.Pending, dkim, true, Keys(name)[0])
        {
            DkimKeys = Keys(name),
            VerificationToken = "txt-" + name,
            LastKeyGeneration = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        });

    public Identity Address(string account, string name, bool verified = false) =>
        Add(new Identity(account, name, IdentityType.EmailAddress, verified ? VerificationStatus.Success : VerificationStatus.Pending,
            VerificationStatus.NotStarted, true, null) { VerificationToken = "link-secret-" + name });

    public Task<IReadOnlyList<string>> VerifyDomainDkimAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        Calls.Add($"VerifyDomainDkim {accountId} {domain}");
        if (ThrottleNext)
        {
            ThrottleNext = false;
            throw new IdentityOperationException(IdentityErrorKind.Throttled, "Rate exceeded.");
        }

        var name = DomainName(domain);
        var identity = Find(accountId, name) ?? Domain(accountId, name);
        return Task.FromResult(identity.DkimTokens);
    }

    public Task<string> VerifyDomainIdentityAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        var name = DomainName(domain);
        var identity = Find(accountId, name) ?? Domain(accountId, name);
        return Task.FromResult(identity.VerificationToken!);
    }

    public Task VerifyEmailIdentityAsync(string accountId, string address, CancellationToken cancellationToken)
    {
        Calls.Add($"VerifyEmailIdentity {accountId} {address}");
        var name = AddressName(address);
        _ = Find(accountId, name) ?? Address(accountId, name);
        return Task.CompletedTask;
    }

    public Task<Identity?> ConfirmEmailAsync(string token, CancellationToken cancellationToken)
    {
        var found = _identities.Values.FirstOrDefault(i => i.Type == IdentityType.EmailAddress && i.VerificationToken == token);
        return Task.FromResult(found is null ? null : Add(found with { VerificationStatus = VerificationStatus.Success }));
    }

    public Task<Identity> ConfirmEmailByOperatorAsync(string accountId, string address, CancellationToken cancellationToken) =>
        Task.FromResult(Add(Require(accountId, AddressName(address)) with { VerificationStatus = VerificationStatus.Success }));

    public Task<Identity> CreateIdentityAsync(string accountId, string name, DkimSigningRequest? signing, CancellationToken cancellationToken)
    {
        LastSigningRequest = signing;
        var isAddress = name.Contains('@', StringComparison.Ordinal);
        var normalized = isAddress ? AddressName(name) : DomainName(name);
        if (Find(accountId, normalized) is not null)
        {
            throw new IdentityOperationException(IdentityErrorKind.AlreadyExists, $"Email identity {normalized} already exist.");
        }

        if (isAddress)
        {
            return Task.FromResult(Address(accountId, normalized));
        }

        var domain = Domain(accountId, normalized);
        if (signing is { Origin: DkimSigningOrigin.External, Selector: { } selector })
        {
            var key = new SigningKey(selector, "pem", 2048);
            domain = Add(domain with { DkimOrigin = DkimSigningOrigin.External, SigningKey = key, DkimKeys = [key] });
        }

        return Task.FromResult(domain);
    }

    public Task<Identity?> FindAsync(string accountId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Find(accountId, name.Contains('@', StringComparison.Ordinal) ? AddressName(name) : DomainName(name)));

    public Task<IReadOnlyList<Identity>> ListAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Identity>>(_identities.Values.Where(i => i.AccountId == accountId).OrderBy(i => i.Name, StringComparer.Ordinal).ToList());

    public Task<Identity> SetSigningEnabledAsync(string accountId, string name, bool enabled, CancellationToken cancellationToken)
    {
        Calls.Add($"SetSigningEnabled {accountId} {name} {enabled}");
        return Task.FromResult(Add(Require(accountId, IdentityNames.Normalize(name)) with { SigningEnabled = enabled }));
    }

    public Task<Identity> SetSigningAttributesAsync(string accountId, string domain, DkimSigningRequest request, CancellationToken cancellationToken)
    {
        LastSigningRequest = request;
        var identity = Require(accountId, IdentityNames.Normalize(domain));
        if (identity.Type != IdentityType.Domain)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "The EmailIdentity value must be a valid domain.");
        }

        if (request.Origin == DkimSigningOrigin.AwsSes && identity.DkimOrigin == DkimSigningOrigin.AwsSes)
        {
            // As the service: an Easy DKIM key length changes behind the same tokens.
            return Task.FromResult(Add(identity with { NextSigningKeyLength = request.NextSigningKeyLength ?? identity.NextSigningKeyLength }));
        }

        var keys = request.Origin == DkimSigningOrigin.External
            ? [new SigningKey(request.Selector!, "pem", 2048)]
            : new[] { "n1", "n2", "n3" }.Select(t => new SigningKey($"{t}{identity.Name.Replace(".", "", StringComparison.Ordinal)}", "pem", 1024)).ToList();
        return Task.FromResult(Add(identity with { PendingDkim = new DkimKeyChange(request.Origin, keys, DnsCheckState.Idle) }));
    }

    /// <summary>Relay's Ed25519 extension has no SES call, so the API never asks for it.</summary>
    public Task<Identity> SetEd25519Async(string accountId, string domain, Ed25519DkimRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The SES API has no call for Ed25519 keys.");

    public Task<Identity> RotateAsync(string accountId, string domain, CancellationToken cancellationToken) =>
        Task.FromResult(Require(accountId, IdentityNames.Normalize(domain)));

    public Task<bool> DeleteAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        Calls.Add($"Delete {accountId} {name}");
        _tags.Remove((accountId, IdentityNames.Normalize(name)));
        return Task.FromResult(_identities.Remove((accountId, IdentityNames.Normalize(name))));
    }

    public Task<IReadOnlyList<IdentityTag>> ListTagsAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        var identity = Require(accountId, IdentityNames.Normalize(name));
        var tags = _tags.GetValueOrDefault((accountId, identity.Name));
        return Task.FromResult<IReadOnlyList<IdentityTag>>(tags?.Select(tag => new IdentityTag(tag.Key, tag.Value)).ToList() ?? []);
    }

    /// <summary>As the real service: <see cref="IdentityTagRules"/>, and nothing changes when the identity would pass the limit.</summary>
    public Task TagAsync(string accountId, string name, IReadOnlyList<IdentityTag> tags, CancellationToken cancellationToken)
    {
        IdentityTagRules.Validate(tags);
        var identity = Require(accountId, IdentityNames.Normalize(name));
        var merged = new SortedDictionary<string, string>(_tags.GetValueOrDefault((accountId, identity.Name)) ?? new(), StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            merged[tag.Key] = tag.Value;
        }

        if (merged.Count > IdentityTagRules.MaxTagsPerIdentity)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "Too many tags.");
        }

        _tags[(accountId, identity.Name)] = merged;
        return Task.CompletedTask;
    }

    public Task UntagAsync(string accountId, string name, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "TagKeys must name at least one tag key.");
        }

        var identity = Require(accountId, IdentityNames.Normalize(name));
        foreach (var key in keys)
        {
            _tags.GetValueOrDefault((accountId, identity.Name))?.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<Identity> CheckNowAsync(string accountId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Require(accountId, IdentityNames.Normalize(name)));

    public IReadOnlyList<DnsRecord> RecordsFor(Identity identity) => [];

    private static IReadOnlyList<SigningKey> Keys(string domain)
    {
        var stem = new string(domain.Where(char.IsAsciiLetterOrDigit).ToArray());
        return [new SigningKey($"a{stem}", "pem", 2048), new SigningKey($"b{stem}", "pem", 2048), new SigningKey($"c{stem}", "pem", 2048)];
    }

    private Identity? Find(string accountId, string name) => _identities.GetValueOrDefault((accountId, name));

    private Identity Require(string accountId, string name) =>
        Find(accountId, name) ?? throw new IdentityOperationException(IdentityErrorKind.NotFound, $"Identity {name} does not exist.");

    private static string DomainName(string domain)
    {
        var name = IdentityNames.Normalize(domain);
        return name.Contains('.', StringComparison.Ordinal) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            ? name
            : throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, $"Invalid domain name {domain}.");
    }

    private static string AddressName(string address) =>
        IdentityNames.TrySplitAddress(address, out _, out _) && !address.Contains(' ', StringComparison.Ordinal)
            ? IdentityNames.Normalize(address)
            : throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, $"Invalid email address {address}.");
}
