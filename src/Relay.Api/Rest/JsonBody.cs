using System.Text.Json;
using Relay.Api.Errors;

namespace Relay.Api.Rest;

/// <summary>Typed reads of a v2 JSON request body (or of one of its objects); wrong types are BadRequestException.</summary>
internal sealed class JsonBody
{
    private readonly JsonElement? _element;
    private readonly string _path;

    private JsonBody(JsonElement? element, string path)
    {
        _element = element;
        _path = path;
    }

    public static JsonBody Empty { get; } = new(null, string.Empty);

    public static JsonBody Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length == 0)
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new JsonBody(document.RootElement.Clone(), string.Empty)
                : throw new ApiException(SesErrors.BadRequest("The request body must be a JSON object."));
        }
        catch (JsonException)
        {
            throw new ApiException(SesErrors.BadRequest("The request body is not valid JSON."));
        }
    }

    public string? OptionalString(string name) => Get(name, JsonValueKind.String)?.GetString();

    public string RequiredString(string name) =>
        OptionalString(name) is { Length: > 0 } value ? value : throw new ApiException(SesErrors.BadRequest($"{_path}{name} is required."));

    public bool? OptionalBoolean(string name) => Get(name, JsonValueKind.True, JsonValueKind.False)?.GetBoolean();

    /// <summary>A whole number that fits an <see cref="int"/>; null when absent.</summary>
    public int? OptionalInt32(string name) => Get(name, JsonValueKind.Number) is { } number
        ? number.TryGetInt32(out var value) ? value : throw new ApiException(SesErrors.BadRequest($"{_path}{name} must be a whole number."))
        : null;

    public JsonBody? OptionalObject(string name) => Get(name, JsonValueKind.Object) is { } element ? new JsonBody(element, $"{_path}{name}.") : null;

    public IReadOnlyList<string> StringList(string name)
    {
        if (Get(name, JsonValueKind.Array) is not { } array)
        {
            return [];
        }

        return array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new ApiException(SesErrors.BadRequest($"{_path}{name} must hold strings.")))
            .ToList();
    }

    /// <summary>The objects of a list (e.g. <c>Tags</c>), each readable by name; null when the list is absent.</summary>
    public IReadOnlyList<JsonBody>? OptionalObjectList(string name)
    {
        if (Get(name, JsonValueKind.Array) is not { } array)
        {
            return null;
        }

        return array.EnumerateArray()
            .Select((item, index) => item.ValueKind == JsonValueKind.Object
                ? new JsonBody(item, $"{_path}{name}[{index}].")
                : throw new ApiException(SesErrors.BadRequest($"{_path}{name} must hold objects.")))
            .ToList();
    }

    /// <summary>A map of strings (e.g. <c>Filter</c>), in the order given; empty when absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StringMap(string name)
    {
        if (Get(name, JsonValueKind.Object) is not { } map)
        {
            return [];
        }

        return map.EnumerateObject()
            .Select(entry => entry.Value.ValueKind == JsonValueKind.String
                ? KeyValuePair.Create(entry.Name, entry.Value.GetString()!)
                : throw new ApiException(SesErrors.BadRequest($"{_path}{name}.{entry.Name} must be a string.")))
            .ToList();
    }

    /// <summary>A blob member: base64 in rest-json (an empty string is an empty blob).</summary>
    public byte[] RequiredBlob(string name)
    {
        var text = OptionalString(name) ?? throw new ApiException(SesErrors.BadRequest($"{_path}{name} is required."));
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.BadRequest($"{_path}{name} must be base64."));
        }
    }

    /// <summary>A string member that must be one of <paramref name="allowed"/> (an SES enum); null when absent.</summary>
    public string? OptionalEnum(string name, params string[] allowed)
    {
        var text = OptionalString(name);
        return text is null || allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new ApiException(SesErrors.BadRequest($"{_path}{name} must be {string.Join(" or ", allowed)}, not '{text}'."));
    }

    private JsonElement? Get(string name, params JsonValueKind[] kinds)
    {
        if (_element is not { } element || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return kinds.Contains(value.ValueKind)
            ? value
            : throw new ApiException(SesErrors.BadRequest($"{_path}{name} has the wrong type ({value.ValueKind})."));
    }
}
