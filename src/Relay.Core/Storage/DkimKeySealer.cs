using System.Text;
using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>
/// Customer DKIM private keys as the store keeps them: encrypted under the data folder's key, bound to the account,
/// the identity and the selector, and written as text (<c>relay-sealed:1:</c> and base64) in the columns and the
/// lifecycle JSON that once held the PEM. Rows written before encryption still hold the PEM and are read as they are.
/// </summary>
internal sealed class DkimKeySealer(DataFolderCipher cipher)
{
    private const string Prefix = "relay-sealed:1:";

    /// <summary>True for a stored key that is still the plaintext PEM of an older row.</summary>
    public static bool IsPlaintext(string stored) => !stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Seal(string accountId, string identityName, SigningKey key)
    {
        var sealedKey = cipher.Encrypt(Encoding.UTF8.GetBytes(key.PrivateKeyPem), AssociatedData(accountId, identityName, key.Selector));
        return Prefix + Convert.ToBase64String(sealedKey);
    }

    public SigningKey Open(string accountId, string identityName, SigningKey stored)
    {
        if (IsPlaintext(stored.PrivateKeyPem))
        {
            return stored;
        }

        var sealedKey = Convert.FromBase64String(stored.PrivateKeyPem[Prefix.Length..]);
        var pem = cipher.Decrypt(sealedKey, AssociatedData(accountId, identityName, stored.Selector));
        return stored with { PrivateKeyPem = Encoding.UTF8.GetString(pem) };
    }

    public IdentityLifecycleRecord Seal(string accountId, string identityName, IdentityLifecycleRecord record) =>
        Map(record, key => key with { PrivateKeyPem = Seal(accountId, identityName, key) });

    public IdentityLifecycleRecord Open(string accountId, string identityName, IdentityLifecycleRecord record) =>
        Map(record, key => Open(accountId, identityName, key));

    private static IdentityLifecycleRecord Map(IdentityLifecycleRecord record, Func<SigningKey, SigningKey> map) => record with
    {
        DkimKeys = record.DkimKeys.Select(map).ToList(),
        PendingDkim = record.PendingDkim is { } pending ? pending with { Keys = pending.Keys.Select(map).ToList() } : null,
        RetiredDkim = record.RetiredDkim is { } retired ? retired with { Keys = retired.Keys.Select(map).ToList() } : null,
        Ed25519 = record.Ed25519 is { } ed25519 ? ed25519 with { Key = map(ed25519.Key) } : null,
    };

    private static byte[] AssociatedData(string accountId, string identityName, string selector) =>
        Encoding.UTF8.GetBytes($"relay-dkim-key:{accountId}\n{IdentityNames.Normalize(identityName)}\n{selector}");
}
