using System.Text.RegularExpressions;

namespace Relay.Container.Tests;

/// <summary>
/// A zone-file TXT line as Relay prints it, e.g. <c>s1._domainkey.example.com. IN TXT ( "v=DKIM1; k=rsa; p=…" "…" )</c>:
/// the owner name without its final dot, and the character-strings joined (as verifiers join them).
/// </summary>
internal sealed partial record DkimTxtRecord(string Name, string Value)
{
    /// <summary>The one TXT line in a command's output; throws when there is none.</summary>
    public static DkimTxtRecord FindIn(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(" IN TXT ", StringComparison.Ordinal))
            ?? throw new FormatException($"no TXT record in: {output}");
        var name = line.Split(' ', 2)[0].TrimEnd('.');
        var value = string.Concat(QuotedString().Matches(line).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal)));
        return new DkimTxtRecord(name, value);
    }

    /// <summary>The base64 public key after "p=".</summary>
    public string PublicKey => Value.Split(';').Select(tag => tag.Trim()).First(tag => tag.StartsWith("p=", StringComparison.Ordinal))[2..];

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex QuotedString();
}
