using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relay.Smtp.Tests.Support;

/// <summary>Collects every formatted log line (with scopes) so tests can check what was, and was not, logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<EventId> Events { get; } = new();

    public string AllText => string.Join('\n', Lines);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Lines.Enqueue($"scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Events.Enqueue(eventId);
            owner.Lines.Enqueue($"{logLevel} {eventId.Id}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}
