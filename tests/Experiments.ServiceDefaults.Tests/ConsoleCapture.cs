using Experiments.ServiceDefaults.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Experiments.ServiceDefaults.Tests;

/// <summary>
/// The real console logger with the concise format, writing to standard error, which is redirected into a
/// string for the test. <see cref="Stop"/> disposes the logging services as a host does when it stops
/// (the console queue is flushed, the formatter counts what it left out) and returns all that was written.
/// </summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly StringWriter captured = new();
    private readonly TextWriter originalError = Console.Error;
    private readonly ServiceProvider services;
    private string? output;

    public ConsoleCapture(Action<ConciseConsoleFormatterOptions>? configure = null)
    {
        Console.SetError(TextWriter.Synchronized(captured));
        services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddConciseConsole(configure))
            .Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .BuildServiceProvider();
        Factory = services.GetRequiredService<ILoggerFactory>();
    }

    public ILoggerFactory Factory { get; }

    public string[] Stop()
    {
        if (output is null)
        {
            services.Dispose();
            Console.SetError(originalError);
            output = captured.ToString();
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
    }

    public void Dispose() => Stop();
}
