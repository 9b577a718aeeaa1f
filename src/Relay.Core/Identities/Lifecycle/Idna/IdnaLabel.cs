using System.Globalization;

namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>
/// IDNA2008's rules for one U-label (RFC 5891 5.4, RFC 5892): every code point PVALID, or CONTEXTJ/CONTEXTO with
/// its context rule met; NFC; no leading combining mark; no hyphen at either end or in the third and fourth places.
/// </summary>
internal static class IdnaLabel
{
    private const int Virama = 9;

    /// <summary>Null when <paramref name="label"/> (lower case, code points) is a valid U-label, else why not.</summary>
    public static string? Problem(IReadOnlyList<int> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Count == 0)
        {
            return "a label is empty";
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return "a label starts or ends with a hyphen";
        }

        if (label.Count >= 4 && label[2] == '-' && label[3] == '-')
        {
            return "a label has hyphens in its third and fourth places";
        }

        if (CharUnicodeInfo.GetUnicodeCategory(label[0]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark)
        {
            return $"a label starts with the combining mark {Name(label[0])}";
        }

        for (var i = 0; i < label.Count; i++)
        {
            var codePoint = label[i];
            var allowed = IdnaProperties.IsPvalid(codePoint)
                || (IdnaProperties.IsContextJ(codePoint) && ContextJHolds(label, i))
                || (IdnaProperties.IsContextO(codePoint) && ContextOHolds(label, i));
            if (!allowed)
            {
                return IdnaProperties.IsContextJ(codePoint) || IdnaProperties.IsContextO(codePoint)
                    ? $"{Name(codePoint)} is not allowed where it stands (RFC 5892 appendix A)"
                    : $"{Name(codePoint)} is not allowed in a domain name (IDNA2008)";
            }
        }

        return IsNfc(label) ? null : "a label is not in Unicode normalization form C";
    }

    // The last starter before index with nothing between that blocks it (UAX #15 D115), or null.
    private static int? UnblockedStarter(IReadOnlyList<int> label, int index, int combiningClass)
    {
        for (var k = index - 1; k >= 0; k--)
        {
            var between = IdnaProperties.CombiningClass(label[k]);
            if (between == 0)
            {
                return k;
            }

            if (between >= combiningClass)
            {
                return null;
            }
        }

        return null;
    }

    public static string Name(int codePoint) => string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");

    // RFC 5892 A.1 (ZERO WIDTH NON-JOINER) and A.2 (ZERO WIDTH JOINER).
    private static bool ContextJHolds(IReadOnlyList<int> label, int index)
    {
        if (index > 0 && IdnaProperties.CombiningClass(label[index - 1]) == Virama)
        {
            return true;
        }

        if (label[index] != 0x200C)
        {
            return false;
        }

        // (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
        var before = index - 1;
        while (before >= 0 && IdnaProperties.Joining(label[before]) == JoiningType.Transparent)
        {
            before--;
        }

        var after = index + 1;
        while (after < label.Count && IdnaProperties.Joining(label[after]) == JoiningType.Transparent)
        {
            after++;
        }

        return before >= 0 && IdnaProperties.Joining(label[before]) is JoiningType.LeftJoining or JoiningType.DualJoining
            && after < label.Count && IdnaProperties.Joining(label[after]) is JoiningType.RightJoining or JoiningType.DualJoining;
    }

    // RFC 5892 A.3 to A.9.
    private static bool ContextOHolds(IReadOnlyList<int> label, int index)
    {
        var codePoint = label[index];
        return codePoint switch
        {
            0x00B7 => index > 0 && label[index - 1] == 'l' && index + 1 < label.Count && label[index + 1] == 'l',
            0x0375 => index + 1 < label.Count && IdnaProperties.Script(label[index + 1]) == ContextScript.Greek,
            0x05F3 or 0x05F4 => index > 0 && IdnaProperties.Script(label[index - 1]) == ContextScript.Hebrew,
            0x30FB => label.Any(c => c != 0x30FB && IdnaProperties.Script(c) == ContextScript.Japanese),
            >= 0x0660 and <= 0x0669 => !label.Any(c => c is >= 0x06F0 and <= 0x06F9),
            >= 0x06F0 and <= 0x06F9 => !label.Any(c => c is >= 0x0660 and <= 0x0669),
            _ => false,
        };
    }

    // Every code point allowed above is unchanged by NFC on its own, so the label is NFC unless its combining marks
    // are out of canonical order or a mark composes with the starter before it (UAX #15's composition, unblocked).
    private static bool IsNfc(IReadOnlyList<int> label)
    {
        for (var i = 1; i < label.Count; i++)
        {
            var combiningClass = IdnaProperties.CombiningClass(label[i]);
            var previousClass = IdnaProperties.CombiningClass(label[i - 1]);
            if (combiningClass != 0 && previousClass > combiningClass)
            {
                return false;
            }

            if (UnblockedStarter(label, i, combiningClass) is { } starter && IdnaProperties.Composes(label[starter], label[i]))
            {
                return false;
            }
        }

        return true;
    }
}
