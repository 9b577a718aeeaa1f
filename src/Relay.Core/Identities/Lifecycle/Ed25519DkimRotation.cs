namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// Easy DKIM: a new Ed25519 key behind the same fourth token, on <c>relay identity rotate</c> and with each scheduled
/// RSA rotation. There is no idle token to stage it behind, so Ed25519 signing pauses (the RSA signature goes on)
/// until the switch delay has passed and a lookup through the customer's CNAME returns the new key; the old key is
/// withdrawn at once, and mail it signed still passes by its RSA signature.
/// </summary>
internal sealed class Ed25519DkimRotation(IEd25519DkimKeyFactory keys, IdentityLifecycleOptions options)
{
    /// <summary>The identity with a new Ed25519 key; unchanged when it has no Easy DKIM Ed25519 key.</summary>
    public Identity Rotate(Identity identity, DateTimeOffset now)
    {
        if (identity.Ed25519 is not { Origin: DkimSigningOrigin.AwsSes } easy)
        {
            return identity;
        }

        var firstCheck = now + options.EffectiveKeySwitchDelay;
        return identity with
        {
            Ed25519 = new Ed25519Dkim(
                DkimSigningOrigin.AwsSes, keys.Generate(easy.Key.Selector), VerificationStatus.Pending, new DnsCheckState(now, null, null, null, firstCheck, 0, []))
            {
                SwitchAfter = firstCheck,
            },
        };
    }
}
