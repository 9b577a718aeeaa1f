namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>
/// The bidi rule of RFC 5893 section 2: in a domain name with any right-to-left label, every label must read the
/// same in either direction, so that no label can be displayed as a different name.
/// </summary>
internal static class BidiRule
{
    /// <summary>Null when the rule holds for the labels (code points), else why not.</summary>
    public static string? Problem(IReadOnlyList<IReadOnlyList<int>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var isBidiDomain = labels.Any(label => label.Any(c => IdnaProperties.Bidi(c) is BidiClass.R or BidiClass.AL or BidiClass.AN));
        if (!isBidiDomain)
        {
            return null;
        }

        foreach (var label in labels)
        {
            if (LabelProblem(label.Select(IdnaProperties.Bidi).ToList()) is { } problem)
            {
                return $"{problem} (the IDNA bidi rule, RFC 5893)";
            }
        }

        return null;
    }

    private static string? LabelProblem(List<BidiClass> classes)
    {
        if (classes.Count == 0)
        {
            return "a label is empty";
        }

        var last = classes.FindLastIndex(c => c != BidiClass.NSM);
        var end = last < 0 ? BidiClass.NSM : classes[last];
        switch (classes[0])
        {
            case BidiClass.R or BidiClass.AL:
                if (classes.Any(c => c is BidiClass.L))
                {
                    return "a right-to-left label holds a left-to-right character";
                }

                if (end is not (BidiClass.R or BidiClass.AL or BidiClass.EN or BidiClass.AN))
                {
                    return "a right-to-left label does not end in a right-to-left letter or a digit";
                }

                return classes.Contains(BidiClass.EN) && classes.Contains(BidiClass.AN)
                    ? "a right-to-left label mixes European and Arabic-Indic digits"
                    : null;

            case BidiClass.L:
                if (classes.Any(c => c is BidiClass.R or BidiClass.AL or BidiClass.AN))
                {
                    return "a left-to-right label holds a right-to-left character";
                }

                return end is BidiClass.L or BidiClass.EN ? null : "a left-to-right label does not end in a letter or a digit";

            default:
                return "a label in a right-to-left domain name starts with neither a letter of either direction";
        }
    }
}
