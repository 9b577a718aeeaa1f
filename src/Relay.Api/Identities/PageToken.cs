using System.Buffers.Text;
using System.Text;

namespace Relay.Api.Identities;

/// <summary>The opaque NextToken of identity listings: the last name returned, so a listing resumes after it.</summary>
internal static class PageToken
{
    public static string For(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastName));

    public static bool TryRead(string? token, out string? afterName)
    {
        afterName = null;
        if (token is null)
        {
            return true;
        }

        try
        {
            afterName = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return afterName.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>One page of <paramref name="sorted"/> names after the token, and the token of the next page (null on the last).</summary>
    public static (IReadOnlyList<T> Page, string? Next) Slice<T>(IReadOnlyList<T> sorted, Func<T, string> name, string? afterName, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(name);
        var rest = afterName is null ? sorted : sorted.Where(item => string.CompareOrdinal(name(item), afterName) > 0).ToList();
        var page = rest.Take(pageSize).ToList();
        return (page, rest.Count > page.Count && page.Count > 0 ? For(name(page[^1])) : null);
    }
}
