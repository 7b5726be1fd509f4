using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Experiments.ServiceDefaults.Logging;

/// <summary>Registers the console logger with <see cref="ConciseConsoleFormatter"/>.</summary>
public static class ConciseConsoleLoggingExtensions
{
    /// <summary>
    /// Adds (or keeps) the console logger and makes it use the concise format. Options come from
    /// Logging:Console:FormatterOptions and then <paramref name="configure"/>; calling it again adds settings.
    /// </summary>
    public static ILoggingBuilder AddConciseConsole(this ILoggingBuilder logging, Action<ConciseConsoleFormatterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddConsole(console => console.FormatterName = ConciseConsoleFormatter.FormatterName);
        return configure is null
            ? logging.AddConsoleFormatter<ConciseConsoleFormatter, ConciseConsoleFormatterOptions>()
            : logging.AddConsoleFormatter<ConciseConsoleFormatter, ConciseConsoleFormatterOptions>(configure);
    }
}
