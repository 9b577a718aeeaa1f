namespace Relay.Core.Identities;

/// <summary>
/// Applies SES's precedence to an account's identities: settings apply at the most granular verified level
/// (email address &gt; deepest verified subdomain &gt; parent domain); an unverified identity is passed over so
/// that its nearest verified parent governs. An email address's signing switch wins over its domain's, and it
/// signs with its domain's key.
/// </summary>
/// <remarks>
/// The From is resolved for its signatures; every other sender identity (Sender, Return-Path, envelope sender) is
/// resolved only for <see cref="IdentityResolution.IsAuthorized"/>, by the same rules (<see cref="Ingestion.SenderIdentityCheck"/>).
/// </remarks>
public sealed class IdentityResolver(IIdentityStore store)
{
    /// <summary>The identities of <paramref name="accountId"/> that cover <paramref name="address"/>, by SES's precedence.</summary>
    public async Task<IdentityResolution> ResolveAsync(string accountId, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(address);
        var candidates = IdentityNames.CandidatesFor(address);
        if (candidates.Count == 0)
        {
            return new IdentityResolution(null, null, "the address has no domain");
        }

        var found = await store.FindIdentitiesAsync(accountId, candidates, cancellationToken);
        return Resolve(candidates, found);
    }

    /// <summary>Pure precedence rules over <paramref name="candidates"/> (most specific first).</summary>
    public static IdentityResolution Resolve(IReadOnlyList<string> candidates, IReadOnlyList<Identity> identities)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(identities);
        var verified = identities.Where(i => i.IsVerified).ToDictionary(i => i.Name, StringComparer.Ordinal);

        var email = candidates.Count > 0 && verified.TryGetValue(candidates[0], out var e) && e.Type == IdentityType.EmailAddress ? e : null;
        var domain = candidates.Skip(1)
            .Select(name => verified.GetValueOrDefault(name))
            .FirstOrDefault(i => i is { Type: IdentityType.Domain });

        var authorizing = email ?? domain;
        if (authorizing is null)
        {
            return new IdentityResolution(null, null, "no verified identity covers the address");
        }

        var signingSwitch = authorizing.SigningEnabled;
        if (domain is null)
        {
            return new IdentityResolution(authorizing, null, $"provider only: {authorizing.Name} has no verified domain with DKIM");
        }

        if (!signingSwitch)
        {
            return new IdentityResolution(authorizing, null, $"provider only: DKIM signing is disabled for {authorizing.Name}");
        }

        if (domain.DkimStatus != VerificationStatus.Success)
        {
            return new IdentityResolution(authorizing, null, $"provider only: DKIM status of {domain.Name} is {domain.DkimStatus}");
        }

        if (domain.SigningKey is null)
        {
            return new IdentityResolution(authorizing, null, $"provider only: {domain.Name} has no signing key");
        }

        return new IdentityResolution(authorizing, domain, $"domain signature for {domain.Name} (identity {authorizing.Name})");
    }
}
