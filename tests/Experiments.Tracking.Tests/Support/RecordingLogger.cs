using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.Tests.Support;

/// <summary>Keeps every formatted log line (and exception text) so tests can inspect what was logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((logLevel, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception)));
    }
}
