namespace Relay.Dns.Verification;

/// <summary>
/// A DKIM key record (RFC 6376 3.6.1) read from a TXT value: a tag list <c>v=DKIM1; k=rsa; p=…</c> where
/// <c>v=</c> is optional but must come first and be <c>DKIM1</c>, and <c>p=</c> (base64, spaces allowed) is required.
/// </summary>
internal sealed class DkimKeyRecord
{
    private DkimKeyRecord(DkimKeyRecordKind kind, byte[]? publicKey, string? problem, string keyType = DefaultKeyType)
    {
        Kind = kind;
        PublicKey = publicKey;
        Problem = problem;
        KeyType = keyType;
    }

    /// <summary>RFC 6376 3.6.1: a record without <c>k=</c> holds an RSA key.</summary>
    public const string DefaultKeyType = "rsa";

    public DkimKeyRecordKind Kind { get; }

    /// <summary>The decoded <c>p=</c> value (SubjectPublicKeyInfo for RSA) of a <see cref="DkimKeyRecordKind.Key"/>.</summary>
    public byte[]? PublicKey { get; }

    /// <summary>The <c>k=</c> tag, lower-cased (<c>rsa</c>, or <c>ed25519</c> by RFC 8463); <c>rsa</c> when absent.</summary>
    public string KeyType { get; }

    /// <summary>Why a <see cref="DkimKeyRecordKind.Malformed"/> value is not a key record, as a phrase.</summary>
    public string? Problem { get; }

    public static DkimKeyRecord Parse(string txt)
    {
        var value = txt.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return Malformed("it is wrapped in quotation marks (paste the value without them)");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        string? firstTag = null;
        foreach (var part in value.Split(';'))
        {
            if (part.Trim().Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return Malformed($"'{part.Trim()}' is not a tag=value pair");
            }

            var tag = part[..equals].Trim();
            firstTag ??= tag;
            if (!tags.TryAdd(tag, part[(equals + 1)..].Trim()))
            {
                return Malformed($"the tag {tag}= appears twice");
            }
        }

        if (tags.TryGetValue("v", out var version) && (version != "DKIM1" || firstTag != "v"))
        {
            return Malformed(version == "DKIM1" ? "v=DKIM1 is not the first tag" : $"v={version} is not v=DKIM1");
        }

        if (!tags.TryGetValue("p", out var key))
        {
            return Malformed("it has no p= tag (not a DKIM key record)");
        }

        var base64 = string.Concat(key.Where(c => !char.IsWhiteSpace(c)));
        if (base64.Length == 0)
        {
            return new DkimKeyRecord(DkimKeyRecordKind.Revoked, null, null);
        }

        var keyType = tags.TryGetValue("k", out var k) ? k.ToLowerInvariant() : DefaultKeyType;
        return TryDecode(base64) is { } bytes
            ? new DkimKeyRecord(DkimKeyRecordKind.Key, bytes, null, keyType)
            : Malformed("its p= value is not base64");
    }

    /// <summary>Decodes base64 with any whitespace removed; null when it is not base64.</summary>
    public static byte[]? TryDecode(string base64)
    {
        var compact = string.Concat(base64.Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out var written) ? buffer[..written] : null;
    }

    private static DkimKeyRecord Malformed(string problem) => new(DkimKeyRecordKind.Malformed, null, problem);
}
