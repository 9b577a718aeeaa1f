using System.Text;
using Relay.Core.Storage;

namespace Relay.Core.Accounts;

/// <summary>
/// Encrypts access-key secrets at rest under the data folder's key (<see cref="DataFolderCipher"/>). The key id is
/// bound in as associated data, so a ciphertext moved to another key's row does not decrypt.
/// </summary>
public sealed class AccessKeySecretCipher
{
    private readonly DataFolderCipher _cipher;

    public AccessKeySecretCipher(DataFolderCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        _cipher = cipher;
    }

    /// <summary>Reads the key file, or creates it (owner read/write only) with a fresh random key.</summary>
    public static AccessKeySecretCipher LoadOrCreate(string keyFilePath) => new(DataFolderCipher.LoadOrCreate(keyFilePath));

    public byte[] Encrypt(string accessKeyId, string secret)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(secret);
        return _cipher.Encrypt(Encoding.UTF8.GetBytes(secret), AssociatedData(accessKeyId));
    }

    /// <exception cref="System.Security.Cryptography.CryptographicException">The data was altered, belongs to another key id, or was made under another key file.</exception>
    public string Decrypt(string accessKeyId, byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(stored);
        return Encoding.UTF8.GetString(_cipher.Decrypt(stored, AssociatedData(accessKeyId)));
    }

    private static byte[] AssociatedData(string accessKeyId) => Encoding.UTF8.GetBytes("relay-access-key:" + accessKeyId);
}
