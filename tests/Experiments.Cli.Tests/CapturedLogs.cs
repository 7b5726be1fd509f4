using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Experiments.Cli.Tests;

/// <summary>Keeps the cluster's log messages, written next to its state when the tests end, for whoever investigates a failure.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyCollection<string> Messages => messages;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel}: {category}: {formatter(state, exception)}{(exception is null ? string.Empty : $" {exception}")}");
    }
}
