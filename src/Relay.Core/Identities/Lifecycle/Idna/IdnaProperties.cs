namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>Look-ups in <see cref="IdnaTables"/>, each a binary search over sorted ranges.</summary>
internal static class IdnaProperties
{
    public static bool IsPvalid(int codePoint) => InRanges(IdnaTables.PvalidRanges, codePoint);

    public static bool IsLowerCasedByUts46(int codePoint) => InRanges(IdnaTables.LowerCasedRanges, codePoint);

    public static bool IsContextJ(int codePoint) => InRanges(IdnaTables.ContextJRanges, codePoint);

    public static bool IsContextO(int codePoint) => InRanges(IdnaTables.ContextORanges, codePoint);

    public static BidiClass Bidi(int codePoint) => (BidiClass)ValueInRanges(IdnaTables.BidiClassRanges, codePoint);

    public static int CombiningClass(int codePoint) => ValueInRanges(IdnaTables.CombiningClassRanges, codePoint);

    public static JoiningType Joining(int codePoint) => (JoiningType)ValueInRanges(IdnaTables.JoiningTypeRanges, codePoint);

    public static ContextScript Script(int codePoint) => (ContextScript)ValueInRanges(IdnaTables.ScriptRanges, codePoint);

    /// <summary>True when <paramref name="first"/> followed by <paramref name="second"/> composes under NFC.</summary>
    public static bool Composes(int first, int second)
    {
        var pairs = IdnaTables.CompositionPairs;
        int low = 0, high = (pairs.Length / 3) - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var cmp = pairs[middle * 3] != first ? pairs[middle * 3].CompareTo(first) : pairs[(middle * 3) + 1].CompareTo(second);
            if (cmp == 0)
            {
                return true;
            }

            if (cmp < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private static bool InRanges(ReadOnlySpan<int> pairs, int codePoint) => Find(pairs, 2, codePoint) >= 0;

    private static int ValueInRanges(ReadOnlySpan<int> triples, int codePoint)
    {
        var index = Find(triples, 3, codePoint);
        return index < 0 ? 0 : triples[(index * 3) + 2];
    }

    // Index of the entry (of `width` ints: start, end, …) whose range holds codePoint, or -1.
    private static int Find(ReadOnlySpan<int> entries, int width, int codePoint)
    {
        int low = 0, high = (entries.Length / width) - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < entries[middle * width])
            {
                high = middle - 1;
            }
            else if (codePoint > entries[(middle * width) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return middle;
            }
        }

        return -1;
    }
}
