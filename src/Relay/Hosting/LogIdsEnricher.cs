using Serilog.Core;
using Serilog.Events;

namespace Relay.Hosting;

/// <summary>
/// Adds <c>Ids</c>, e.g. " [session 3f2a…]" or " [session 3f2a… message 0190…]", from the logging scope: every line
/// of an SMTP session names the session, and every line about a message names the message, even when its own text
/// does not. The console template puts <c>{Ids}</c> after the source; a line whose text already names the message
/// does not repeat it.
/// </summary>
internal sealed class LogIdsEnricher : ILogEventEnricher
{
    public const string PropertyName = "Ids";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        var parts = new List<string>(2);
        if (Text(logEvent, "SessionId") is { } session)
        {
            parts.Add($"session {session}");
        }

        if (Text(logEvent, "MessageId") is { } message && !logEvent.MessageTemplate.Text.Contains("{MessageId", StringComparison.Ordinal))
        {
            parts.Add($"message {message}");
        }

        var ids = parts.Count == 0 ? string.Empty : $" [{string.Join(' ', parts)}]";
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, ids));
    }

    private static string? Text(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string text } && text.Length > 0 ? text : null;
}
