using System.Security.Cryptography;
using System.Text;

namespace Relay.Core.Accounts;

/// <summary>
/// Encrypts access-key secrets at rest with AES-256-GCM under a key kept in its own file in the data folder, so a
/// copy of the database alone reveals no secret. The key id is bound in as associated data, so a ciphertext moved
/// to another key's row does not decrypt.
/// </summary>
/// <remarks>Stored form: version byte 1, 12-byte nonce, ciphertext, 16-byte tag.</remarks>
public sealed class AccessKeySecretCipher
{
    private const byte Version = 1;
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    private AccessKeySecretCipher(byte[] key) => _key = key;

    /// <summary>Reads the key file, or creates it (owner read/write only) with a fresh random key.</summary>
    public static AccessKeySecretCipher LoadOrCreate(string keyFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFilePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(keyFilePath))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (!File.Exists(keyFilePath))
        {
            TryCreateKeyFile(keyFilePath);
        }

        var key = File.ReadAllBytes(keyFilePath);
        return key.Length == KeyBytes
            ? new AccessKeySecretCipher(key)
            : throw new CryptographicException($"The access-key encryption key '{keyFilePath}' must hold {KeyBytes} bytes.");
    }

    public byte[] Encrypt(string accessKeyId, string secret)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(secret);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var stored = new byte[1 + NonceBytes + plaintext.Length + TagBytes];
        stored[0] = Version;
        var nonce = stored.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, stored.AsSpan(1 + NonceBytes, plaintext.Length), stored.AsSpan(stored.Length - TagBytes), AssociatedData(accessKeyId));
        return stored;
    }

    /// <exception cref="CryptographicException">The data was altered, belongs to another key id, or was made under another key file.</exception>
    public string Decrypt(string accessKeyId, byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length < 1 + NonceBytes + TagBytes || stored[0] != Version)
        {
            throw new CryptographicException("Unknown access-key secret format.");
        }

        var plaintext = new byte[stored.Length - 1 - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(stored.AsSpan(1, NonceBytes), stored.AsSpan(1 + NonceBytes, plaintext.Length), stored.AsSpan(stored.Length - TagBytes), plaintext, AssociatedData(accessKeyId));
        return Encoding.UTF8.GetString(plaintext);
    }

    private static byte[] AssociatedData(string accessKeyId) => Encoding.UTF8.GetBytes("relay-access-key:" + accessKeyId);

    private static void TryCreateKeyFile(string path)
    {
        // Written whole under a temporary name, then linked into place without overwriting, so a reader never sees
        // half a key and two processes starting together agree on one.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(RandomNumberGenerator.GetBytes(KeyBytes));
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
