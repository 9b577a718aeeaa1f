namespace Relay.Testing;

/// <summary>Takes "&lt;path&gt; PARAM PARAM" apart, as found after "MAIL FROM:" or "RCPT TO:".</summary>
internal static class SmtpSinkPaths
{
    public static string PathOf(string argument)
    {
        var trimmed = argument.TrimStart();
        var close = trimmed.IndexOf('>', StringComparison.Ordinal);
        return trimmed.StartsWith('<') && close > 0 ? trimmed[1..close] : trimmed.Split(' ')[0];
    }

    public static IReadOnlyList<string> ParametersOf(string argument)
    {
        var trimmed = argument.TrimStart();
        var close = trimmed.IndexOf('>', StringComparison.Ordinal);
        var rest = close >= 0 ? trimmed[(close + 1)..] : string.Empty;
        return rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
