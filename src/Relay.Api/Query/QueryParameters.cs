using System.Globalization;
using Relay.Api.Errors;

namespace Relay.Api.Query;

/// <summary>
/// The parameters of a Query-protocol request (form body and query string): flat names, nested members joined
/// with '.', lists as <c>Name.member.N</c> from 1 (an empty list as <c>Name=</c>). A value too large to hold as a
/// string (SendRawEmail's message in a large body) is a decoded temporary file instead, disposed with these.
/// </summary>
internal sealed class QueryParameters : IAsyncDisposable
{
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, Stream> _files;

    public QueryParameters(Dictionary<string, string> values, Dictionary<string, Stream>? files = null)
    {
        _values = values;
        _files = files ?? new Dictionary<string, Stream>(StringComparer.Ordinal);
    }

    /// <summary>Decodes <c>application/x-www-form-urlencoded</c> text ('+' is a space); a later duplicate wins.</summary>
    public static QueryParameters Parse(params string[] encodedParts)
    {
        ArgumentNullException.ThrowIfNull(encodedParts);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var encoded in encodedParts)
        {
            AddPairs(values, encoded);
        }

        return new QueryParameters(values);
    }

    /// <summary>Adds the pairs of one encoded part to <paramref name="values"/>; a later duplicate wins.</summary>
    public static void AddPairs(Dictionary<string, string> values, string encoded)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(encoded);
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            values[name] = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
        }
    }

    /// <summary>A value kept as a decoded temporary file, at position 0, or null when it came as a string (or not at all).</summary>
    public Stream? OptionalFile(string name) => _files.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        foreach (var file in _files.Values)
        {
            await file.DisposeAsync();
        }
    }

    public string? Optional(string name)
    {
        var value = _values.GetValueOrDefault(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string Required(string name) => Optional(name) ?? throw new ApiException(SesErrors.MissingParameter(name));

    public bool RequiredBoolean(string name) => Required(name) switch
    {
        "true" => true,
        "false" => false,
        var other => throw new ApiException(SesErrors.InvalidParameterValue($"{name} must be true or false, not '{other}'.")),
    };

    public int? OptionalInteger(string name, int min, int max)
    {
        if (Optional(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ApiException(SesErrors.InvalidParameterValue($"{name} must be an integer from {min} to {max}, not '{text}'."));
    }

    /// <summary><c>Name.member.1</c>, <c>Name.member.2</c>, … up to the first gap.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var items = new List<string>();
        for (var index = 1; _values.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{name}.member.{index}"), out var value); index++)
        {
            items.Add(value);
        }

        return items;
    }

    /// <summary>Decodes a form component: '+' is a space, then percent-decoding as UTF-8.</summary>
    public static string Decode(string component)
    {
        try
        {
            return Uri.UnescapeDataString(component.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            throw new ApiException(new ApiError("MalformedQueryString", "The query string is malformed.", 400));
        }
    }
}
