using Microsoft.Extensions.Logging;

namespace Relay.Host.Tests.Support;

/// <summary>One line a component logged.</summary>
internal sealed record LogEntry(LogLevel Level, EventId EventId, string Message);
