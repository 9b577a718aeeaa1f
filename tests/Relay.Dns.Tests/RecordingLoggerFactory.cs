using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relay.Dns.Tests;

/// <summary>Keeps every log event (id, level, formatted text) for tests that check what was logged, and how often.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Text)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Events.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
