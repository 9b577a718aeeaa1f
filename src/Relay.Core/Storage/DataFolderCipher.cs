using System.Security.Cryptography;

namespace Relay.Core.Storage;

/// <summary>
/// Encrypts secrets at rest (access-key secrets, customer DKIM private keys) with AES-256-GCM under one key kept in
/// its own owner-only file in the data folder, so a copy of the database alone reveals no secret. Each caller binds
/// its own associated data (a purpose and the row the secret belongs to), so a ciphertext moved to another row, or
/// used for another purpose, does not decrypt.
/// </summary>
/// <remarks>Stored form: version byte 1, 12-byte nonce, ciphertext, 16-byte tag.</remarks>
public sealed class DataFolderCipher
{
    private const byte Version = 1;
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    private DataFolderCipher(byte[] key) => _key = key;

    /// <summary>
    /// The key file beside a database: <c>keys/access-keys.key</c> in the database's folder (named for its first
    /// use, and kept so for existing data folders).
    /// </summary>
    public static string KeyFileFor(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "keys", "access-keys.key");

    /// <summary>Reads the key file, or creates it (owner read/write only, in an owner-only folder) with a fresh random key.</summary>
    public static DataFolderCipher LoadOrCreate(string keyFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFilePath);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFilePath))!);
        if (!File.Exists(keyFilePath))
        {
            TryCreateKeyFile(keyFilePath);
        }

        return Load(keyFilePath);
    }

    /// <summary>
    /// Reads a key file that must exist: the key-encryption key every node of a shared database is given (made once,
    /// e.g. <c>head -c 32 /dev/urandom</c>, and copied to each node).
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="CryptographicException">The file does not hold exactly 32 bytes.</exception>
    public static DataFolderCipher Load(string keyFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFilePath);
        var key = File.ReadAllBytes(keyFilePath);
        return key.Length == KeyBytes
            ? new DataFolderCipher(key)
            : throw new CryptographicException($"The encryption key '{keyFilePath}' must hold {KeyBytes} bytes, not {key.Length}.");
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var stored = new byte[1 + NonceBytes + plaintext.Length + TagBytes];
        stored[0] = Version;
        var nonce = stored.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, stored.AsSpan(1 + NonceBytes, plaintext.Length), stored.AsSpan(stored.Length - TagBytes), associatedData);
        return stored;
    }

    /// <exception cref="CryptographicException">The data was altered, belongs to another row or purpose, or was made under another key file.</exception>
    public byte[] Decrypt(byte[] stored, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length < 1 + NonceBytes + TagBytes || stored[0] != Version)
        {
            throw new CryptographicException("Unknown encrypted secret format.");
        }

        var plaintext = new byte[stored.Length - 1 - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(stored.AsSpan(1, NonceBytes), stored.AsSpan(1 + NonceBytes, plaintext.Length), stored.AsSpan(stored.Length - TagBytes), plaintext, associatedData);
        return plaintext;
    }

    private static void TryCreateKeyFile(string path)
    {
        // Written whole under a temporary name, then linked into place without overwriting, so a reader never sees
        // half a key and two processes starting together agree on one.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, OwnerOnly.FileOptions(FileMode.CreateNew, FileAccess.Write, FileOptions.WriteThrough)))
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
