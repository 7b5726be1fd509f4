using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Experiments.Grains.Tests;

/// <summary>Keeps every log message of a silo, so a test can wait for something the system only logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyCollection<string> Messages => messages;

    public ILogger CreateLogger(string categoryName) => new Logger(messages);

    public async Task WaitForAsync(Func<string, bool> condition, string description)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!messages.Any(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No log message was {description}.");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}
