using Microsoft.Extensions.Logging;

namespace Relay.Delivery.Tests;

/// <summary>One entry a <see cref="CapturingLogger{T}"/> kept.</summary>
internal sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);
