using System.Collections.Concurrent;
using System.Text;
using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>
/// Customer DKIM private keys as the store keeps them: encrypted under the data folder's key, bound to the account,
/// the identity and the selector, and written as text (<c>relay-sealed:1:</c> and base64) in the columns and the
/// lifecycle JSON that once held the PEM. Rows written before encryption still hold the PEM and are read as they are.
/// </summary>
/// <remarks>
/// Every message's identity look-up opens the keys of the identities it reads; the PEM each sealed text opens to is
/// remembered (the same sealed text and binding always open to the same key), so AES-GCM runs once per key, not once
/// per message. The signer keeps the parsed keys in memory anyway.
/// </remarks>
internal sealed class DkimKeySealer(DataFolderCipher cipher)
{
    private const string Prefix = "relay-sealed:1:";

    /// <summary>Beyond this many remembered keys the memory is emptied and refilled as keys are used.</summary>
    private const int MaxOpenedKeys = 10_000;

    private readonly ConcurrentDictionary<(string Sealed, string Binding), string> _opened = new();

    /// <summary>True for a stored key that is still the plaintext PEM of an older row.</summary>
    public static bool IsPlaintext(string stored) => !stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Seal(string accountId, string identityName, SigningKey key)
    {
        var sealedKey = cipher.Encrypt(Encoding.UTF8.GetBytes(key.PrivateKeyPem), Encoding.UTF8.GetBytes(Binding(accountId, identityName, key.Selector)));
        return Prefix + Convert.ToBase64String(sealedKey);
    }

    public SigningKey Open(string accountId, string identityName, SigningKey stored)
    {
        if (IsPlaintext(stored.PrivateKeyPem))
        {
            return stored;
        }

        var binding = Binding(accountId, identityName, stored.Selector);
        if (!_opened.TryGetValue((stored.PrivateKeyPem, binding), out var pem))
        {
            var sealedKey = Convert.FromBase64String(stored.PrivateKeyPem[Prefix.Length..]);
            pem = Encoding.UTF8.GetString(cipher.Decrypt(sealedKey, Encoding.UTF8.GetBytes(binding)));
            if (_opened.Count >= MaxOpenedKeys)
            {
                _opened.Clear();
            }

            _opened[(stored.PrivateKeyPem, binding)] = pem;
        }

        return stored with { PrivateKeyPem = pem };
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

    /// <summary>The associated data that binds a sealed key to its account, identity and selector.</summary>
    private static string Binding(string accountId, string identityName, string selector) =>
        $"relay-dkim-key:{accountId}\n{IdentityNames.Normalize(identityName)}\n{selector}";
}
