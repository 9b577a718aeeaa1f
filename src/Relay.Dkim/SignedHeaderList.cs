namespace Relay.Dkim;

/// <summary>
/// Builds the <c>h=</c> list: each wanted field name once per instance present in the message
/// (verifiers take instances from the bottom up, so repeated To or Cc are all covered), From
/// always, and From once more than present when oversigning.
/// </summary>
internal static class SignedHeaderList
{
    private const string From = "From";

    public static List<string> Build(IReadOnlyList<string> wanted, IEnumerable<string> present, bool oversignFrom)
    {
        var counts = present
            .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.OrdinalIgnoreCase);
        var names = wanted.Contains(From, StringComparer.OrdinalIgnoreCase) ? wanted : [From, .. wanted];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<string>();
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                continue;
            }

            var instances = counts.GetValueOrDefault(name);
            if (oversignFrom && string.Equals(name, From, StringComparison.OrdinalIgnoreCase))
            {
                instances++;
            }

            list.AddRange(Enumerable.Repeat(name, instances));
        }

        return list;
    }
}
