using System.Text;

namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>
/// Turns a domain name as a customer writes it (U-labels or A-labels, any case) into its A-label form, refusing what
/// IDNA2008 (RFC 5891–5893) refuses: disallowed code points such as bidi controls (U+202E), joiners out of context,
/// non-NFC labels, and right-to-left labels that break the bidi rule. An A-label is decoded and checked the same
/// way, so "xn--" input cannot smuggle in what the Unicode form would be refused for.
/// </summary>
/// <remarks>
/// .NET's <see cref="System.Globalization.IdnMapping"/> is not used: under invariant globalization it checks none of
/// IDNA2008, and it applies IDNA2003's bidi rule instead of RFC 5893's. UTS 46's mapping is reduced to its
/// lower-casing; whatever else it would map (full-width letters, compatibility forms) is not PVALID and is refused
/// rather than mapped.
/// </remarks>
internal static class IdnaDomain
{
    private const string AcePrefix = "xn--";

    /// <summary>The A-label form of <paramref name="domain"/> (no trailing dot), or null with the reason.</summary>
    public static string? ToAscii(string domain, out string problem)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var asciiLabels = new List<string>();
        var codePointLabels = new List<IReadOnlyList<int>>();
        foreach (var label in LowerCase(domain).Split('.'))
        {
            var ascii = LabelToAscii(label, out var codePoints, out problem);
            if (ascii is null)
            {
                return null;
            }

            asciiLabels.Add(ascii);
            codePointLabels.Add(codePoints);
        }

        if (BidiRule.Problem(codePointLabels) is { } bidi)
        {
            problem = bidi;
            return null;
        }

        problem = string.Empty;
        return string.Join('.', asciiLabels);
    }

    private static string? LabelToAscii(string label, out IReadOnlyList<int> codePoints, out string problem)
    {
        codePoints = [];
        if (label.Length == 0)
        {
            problem = "a label is empty";
            return null;
        }

        if (!Ascii.IsValid(label))
        {
            codePoints = CodePoints(label);
            return Checked(codePoints, out problem) ? Encode(codePoints, out problem) : null;
        }

        codePoints = CodePoints(label);
        if (!label.StartsWith(AcePrefix, StringComparison.Ordinal))
        {
            return Checked(codePoints, out problem) ? label : null;
        }

        if (!Punycode.TryDecode(label[AcePrefix.Length..], out var decoded))
        {
            problem = $"the label {label} is not valid Punycode";
            return null;
        }

        codePoints = decoded;
        if (decoded.All(c => c < 0x80))
        {
            problem = $"the label {label} does not encode a Unicode label";
            return null;
        }

        if (!Checked(codePoints, out problem))
        {
            return null;
        }

        if (Encode(codePoints, out problem) != label)
        {
            problem = $"the label {label} is not the canonical encoding of its Unicode form";
            return null;
        }

        return label;
    }

    private static bool Checked(IReadOnlyList<int> codePoints, out string problem)
    {
        problem = IdnaLabel.Problem(codePoints) ?? string.Empty;
        return problem.Length == 0;
    }

    private static string? Encode(IReadOnlyList<int> codePoints, out string problem)
    {
        var encoded = Punycode.Encode(codePoints);
        problem = encoded is null ? "a label cannot be encoded" : string.Empty;
        return encoded is null ? null : AcePrefix + encoded;
    }

    // UTS 46 lower-cases by its own table, which differs from .NET's case mapping (U+04C0, U+10A0…U+10C5).
    private static string LowerCase(string domain) => string.Concat(domain.EnumerateRunes()
        .Select(rune => IdnaProperties.IsLowerCasedByUts46(rune.Value) ? Rune.ToLowerInvariant(rune) : rune)
        .Select(rune => rune.ToString()));

    private static List<int> CodePoints(string text) => text.EnumerateRunes().Select(rune => rune.Value).ToList();
}
