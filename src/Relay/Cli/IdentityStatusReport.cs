using Relay.Core.Identities;

namespace Relay.Cli;

/// <summary>An identity's statuses and, record by record, what the last DNS check found.</summary>
internal static class IdentityStatusReport
{
    public static async Task WriteAsync(Identity identity, TextWriter output)
    {
        await output.WriteLineAsync($"identity:      {identity.Name} ({(identity.Type == IdentityType.Domain ? "domain" : "email address")})");
        await output.WriteLineAsync($"verification:  {SesNames.Status(identity.VerificationStatus)}");
        if (identity.Type == IdentityType.Domain)
        {
            await output.WriteLineAsync($"dkim:          {SesNames.Status(identity.DkimStatus)} ({SesNames.Origin(identity.DkimOrigin)}, {identity.DkimKeys.Count} key(s), signing {(identity.SigningEnabled ? "enabled" : "disabled")})");
            if (identity.SigningKey is { } key)
            {
                await output.WriteLineAsync($"signs with:    s={key.Selector} rsa={key.KeyBits}");
            }

            if (identity.DkimCheck.MissingSince is { } missing)
            {
                await output.WriteLineAsync($"records gone:  since {missing:u}");
            }

            if (identity.PendingDkim is { } change)
            {
                await output.WriteLineAsync($"pending keys:  {SesNames.Origin(change.Origin)} {string.Join(' ', change.Keys.Select(k => k.Selector))} (waiting for DNS since {change.Check.Since:u})");
            }

            if (identity.Ed25519 is { } ed25519)
            {
                // Relay's extension, outside SES's DKIM status and tokens: the Ed25519 key's own record and status. It
                // signs beside a signing RSA key only, as IdentityResolver decides for the domain's own mail.
                var signs = ed25519.Signs && identity is { SigningEnabled: true, DkimStatus: VerificationStatus.Success, SigningKey: not null };
                await output.WriteLineAsync(
                    $"ed25519:       {SesNames.Status(ed25519.Status)} ({SesNames.Origin(ed25519.Origin)}, s={ed25519.Key.Selector}, {(signs ? "signing" : "not signing")})");
            }
        }

        await output.WriteLineAsync($"next check:    {(identity.NextCheck is { } next ? next.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "none")}");
        // What a check found may have changed since: each finding says when it was seen, so that "[Found]" for a
        // record deleted an hour ago reads as an hour old.
        var checks = new[] { identity.DkimCheck, identity.PendingDkim?.Check, identity.Ed25519?.Check, identity.VerificationCheck }.OfType<DnsCheckState>();
        foreach (var check in checks)
        {
            var seen = check.LastChecked is { } last ? last.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never";
            foreach (var finding in check.Records)
            {
                await output.WriteLineAsync($"  [{finding.Outcome}] {finding.Type} {finding.Name}: {finding.Explanation} (checked {seen})");
            }
        }
    }
}
