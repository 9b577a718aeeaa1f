using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relay.Fuzz.Dns;

/// <summary>
/// Keeps the exceptions the server logs (and every warning or worse) for the harness to report; messages are never
/// formatted, so logging costs next to nothing. ARSoft's own "Error parsing dns query" for garbage is expected.
/// </summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    private const string ExpectedParseFailure = "Error parsing dns query";

    private readonly ConcurrentQueue<string> _problems = new();

    public bool HasProblems => !_problems.IsEmpty;

    public List<string> TakeProblems()
    {
        var problems = new List<string>();
        while (_problems.TryDequeue(out var problem))
        {
            problems.Add(problem);
        }

        return problems;
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null && exception.Message != ExpectedParseFailure)
        {
            _problems.Enqueue($"event {eventId.Id} logged {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
        }
        else if (logLevel >= LogLevel.Warning)
        {
            _problems.Enqueue($"event {eventId.Id} at {logLevel}: {formatter(state, exception)}");
        }
    }

    public void Dispose()
    {
    }
}
