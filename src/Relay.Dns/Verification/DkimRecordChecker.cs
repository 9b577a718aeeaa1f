using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>
/// Checks the DNS records a customer publishes for a domain, through a recursive resolver (the system's, or
/// <see cref="DnsCheckOptions.Resolver"/>), and explains record by record what it found: Easy DKIM CNAMEs,
/// a BYODKIM key record, the domain verification TXT. Resolver failures are <see cref="RecordOutcome.ResolverError"/>,
/// never "missing". Thread-safe; one instance serves the whole process.
/// </summary>
public sealed class DkimRecordChecker
{
    private readonly EasyDkimCheck _easyDkim;
    private readonly ByodkimCheck _byodkim;
    private readonly VerificationTxtCheck _verification;

    /// <summary>Creates a checker; no query is sent until a check is asked for.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public DkimRecordChecker(DnsCheckOptions options, ILogger<DkimRecordChecker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var lookup = new DnsLookup(options);
        var probe = new MisplacementProbe(lookup, logger);
        _easyDkim = new EasyDkimCheck(lookup, probe, logger);
        _byodkim = new ByodkimCheck(lookup, probe, logger);
        _verification = new VerificationTxtCheck(lookup, probe, logger);
    }

    /// <summary>
    /// Checks that <c>&lt;token&gt;._domainkey.&lt;domain&gt;</c> is a CNAME to <c>&lt;token&gt;.&lt;providerZone&gt;</c>
    /// for every token (in parallel). Findings come in the order of <paramref name="tokens"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The domain or zone is not a host name, or a token is not a single DNS label.</exception>
    public async Task<EasyDkimReport> CheckEasyDkimAsync(
        string domain, IReadOnlyList<string> tokens, string providerZone, CancellationToken cancellationToken)
    {
        var normalisedDomain = RequireHostName(domain, nameof(domain));
        var zone = RequireHostName(providerZone, nameof(providerZone));
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0 || tokens.Any(token => token is null || !DnsNames.IsHostnameLabel(token)))
        {
            throw new ArgumentException("Give at least one token, each a single DNS label.", nameof(tokens));
        }

        var labels = tokens.Select(token => token.ToLowerInvariant()).ToArray();
        var findings = await Task.WhenAll(labels.Select(
            label => _easyDkim.CheckAsync(normalisedDomain, label, zone, labels, cancellationToken))).ConfigureAwait(false);
        return new EasyDkimReport(normalisedDomain, zone, findings);
    }

    /// <summary>Checks that <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> publishes a DKIM key record with <paramref name="publicKeyBase64"/>.</summary>
    /// <param name="domain">The customer's domain.</param>
    /// <param name="selector">The selector, one or more labels.</param>
    /// <param name="publicKeyBase64">The expected <c>p=</c> value: base64 of the SubjectPublicKeyInfo (whitespace ignored).</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <exception cref="ArgumentException">The domain or selector is not a DNS name, or the key is not base64.</exception>
    public Task<RecordFinding> CheckByodkimAsync(
        string domain, string selector, string publicKeyBase64, CancellationToken cancellationToken)
    {
        var normalisedDomain = RequireHostName(domain, nameof(domain));
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(publicKeyBase64);
        if (selector.Length == 0 || !selector.Split('.').All(DnsNames.IsHostnameLabel))
        {
            throw new ArgumentException($"'{selector}' is not a DKIM selector (labels of letters, digits and hyphens).", nameof(selector));
        }

        var keyBytes = DkimKeyRecord.TryDecode(publicKeyBase64);
        if (keyBytes is null || keyBytes.Length == 0)
        {
            throw new ArgumentException("The expected public key is not base64.", nameof(publicKeyBase64));
        }

        var compactKey = Convert.ToBase64String(keyBytes);
        return _byodkim.CheckAsync(normalisedDomain, selector.ToLowerInvariant(), compactKey, keyBytes, cancellationToken);
    }

    /// <summary>Checks that <c>_&lt;prefix&gt;.&lt;domain&gt;</c> has a TXT record equal to <paramref name="token"/> (other TXT records may be there too).</summary>
    /// <param name="domain">The customer's domain.</param>
    /// <param name="prefix">The label without or with its underscore, e.g. <c>amazonses</c>.</param>
    /// <param name="token">The verification token, compared exactly.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <exception cref="ArgumentException">The domain is not a host name, the prefix not a label, or the token empty.</exception>
    public Task<RecordFinding> CheckVerificationTxtAsync(string domain, string prefix, string token, CancellationToken cancellationToken)
    {
        var normalisedDomain = RequireHostName(domain, nameof(domain));
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var label = prefix.TrimStart('_');
        if (!DnsNames.IsHostnameLabel(label) || label.Length >= 63)
        {
            throw new ArgumentException($"'{prefix}' is not a single DNS label.", nameof(prefix));
        }

        return _verification.CheckAsync(normalisedDomain, label.ToLowerInvariant(), token, cancellationToken);
    }

    private static string RequireHostName(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        return DnsNames.IsHostName(name)
            ? DnsNames.Normalise(name)
            : throw new ArgumentException($"'{name}' is not a domain name of at least two labels.", parameter);
    }
}
