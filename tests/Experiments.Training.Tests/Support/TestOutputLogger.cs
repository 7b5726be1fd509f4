using Microsoft.Extensions.Logging;

namespace Experiments.Training.Tests.Support;

/// <summary>Sends log lines to the current test's output, so timings show up in test reports.</summary>
internal sealed class TestOutputLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"[{logLevel}] {formatter(state, exception)}");
        }
    }
}
