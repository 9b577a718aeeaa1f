using System.Security.Cryptography;
using System.Text;

namespace Relay.Dkim;

/// <summary>
/// The hash a DKIM signature signs (RFC 6376 section 3.7): the fields <c>h=</c> names, each instance taken from the
/// bottom of the header up (5.4.2; a name listed more often than present, as an oversigned From, adds nothing), then
/// the DKIM-Signature field itself with an empty <c>b=</c> and no CRLF, all in relaxed form.
/// </summary>
internal static class DkimHeaderHash
{
    public static byte[] Compute(IReadOnlyList<ReceivedField> fields, IReadOnlyList<string> signedNames, string unsignedSignatureField)
    {
        var byName = new Dictionary<string, Stack<ReceivedField>>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            if (!byName.TryGetValue(field.Name, out var instances))
            {
                byName[field.Name] = instances = new Stack<ReceivedField>();
            }

            instances.Push(field);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in signedNames)
        {
            if (byName.TryGetValue(name, out var instances) && instances.TryPop(out var field))
            {
                RelaxedHeaderCanonicalization.Append(hash, field.Bytes.Span, terminate: true);
            }
        }

        RelaxedHeaderCanonicalization.Append(hash, Encoding.ASCII.GetBytes(unsignedSignatureField), terminate: false);
        return hash.GetHashAndReset();
    }
}
