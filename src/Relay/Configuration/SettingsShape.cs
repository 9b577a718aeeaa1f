using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Relay.Configuration;

/// <summary>
/// Turns what the configuration binder would silently ignore or report in its own words into one line that names the
/// setting and what it may be: a value given to a section (<c>--Relay:NextHop=host:port</c>), an unknown key, a value
/// that is not one of an enum's names.
/// </summary>
internal static partial class SettingsShape
{
    /// <summary>Refuses a plain value where <paramref name="type"/> expects a section, here or anywhere below.</summary>
    public static void RefuseValuesForSections(IConfigurationSection section, Type type, string path)
    {
        if (section.Value is not null && IsSection(type))
        {
            throw new SettingsException($"{path} is a section, not a value: set its keys instead ({KeysOf(type)}), e.g. --{path}:{FirstKey(type)}=….");
        }

        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is not null && IsSection(property.PropertyType))
            {
                RefuseValuesForSections(child, property.PropertyType, $"{path}:{child.Key}");
            }
        }
    }

    /// <summary>The binder's complaint about <paramref name="type"/> at <paramref name="path"/>, said as a person would.</summary>
    public static string Explain(string path, Type type, InvalidOperationException failure)
    {
        var unknown = UnknownKeys().Match(failure.Message);
        if (unknown.Success)
        {
            return $"{path}: unknown setting {unknown.Groups["keys"].Value}; the settings here are: {KeysOf(type)}.";
        }

        // An unknown key inside a list's element (Relay:KeyZone:Secondaries:0:Port) is reported by the binder as the
        // inner exception of a generic failure; the element's type is named in it.
        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            var inElement = UnknownKeys().Match(inner.Message);
            if (inElement.Success)
            {
                var element = FindType(type, inElement.Groups["type"].Value) ?? type;
                return $"{path}: unknown setting {inElement.Groups["keys"].Value} in a list entry; the settings there are: {KeysOf(element)}.";
            }
        }

        var conversion = FailedConversion().Match(failure.Message);
        if (conversion.Success)
        {
            var target = FindType(type, conversion.Groups["type"].Value);
            var valid = target is { IsEnum: true } ? $"; valid values: {string.Join(", ", Enum.GetNames(target))}" : string.Empty;
            var at = conversion.Groups["path"].Value;

            // A view with sections removed has relative paths.
            var full = at.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase) ? at : $"{path}:{at}";
            return $"{full}: '{conversion.Groups["value"].Value}' is not a valid {FriendlyName(target)}{valid}.";
        }

        return $"{path}: {failure.Message}";
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite || IsSection(property.PropertyType));

    private static string KeysOf(Type type) => string.Join(", ", Settable(type).Select(property => property.Name));

    private static string FirstKey(Type type) => Settable(type).Select(property => property.Name).FirstOrDefault() ?? "Key";

    private static string FriendlyName(Type? type) => type switch
    {
        null => "value",
        { IsEnum: true } => "choice",
        _ when type == typeof(TimeSpan) => "time span (hh:mm:ss)",
        _ when type == typeof(int) || type == typeof(long) => "whole number",
        _ when type == typeof(bool) => "true or false",
        _ => type.Name,
    };

    private static Type? FindType(Type settingsType, string fullName)
    {
        var name = fullName.TrimEnd('?');
        var nullable = Regex.Match(name, @"^System\.Nullable`1\[\[(?<inner>[^,\]]+)");
        if (nullable.Success)
        {
            name = nullable.Groups["inner"].Value;
        }

        return Type.GetType(name) ?? settingsType.Assembly.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(name)).FirstOrDefault(found => found is not null);
    }

    [GeneratedRegex(@"properties were not found on the instance of (?<type>[^:]+): (?<keys>.+)$", RegexOptions.Singleline)]
    private static partial Regex UnknownKeys();

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex FailedConversion();
}
