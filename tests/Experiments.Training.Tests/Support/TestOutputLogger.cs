using Microsoft.Extensions.Logging;

namespace Experiments.Training.Tests.Support;

/// <summary>Sends log lines to the current test's output, so timings show up in test reports, and keeps them for assertions.</summary>
internal sealed class TestOutputLogger<T> : ILogger<T>
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            Messages.Enqueue(formatter(state, exception));
            TestContext.Current.TestOutputHelper?.WriteLine($"[{logLevel}] {formatter(state, exception)}");
        }
    }
}
