using Experiments.ServiceDefaults.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Experiments.Cli.Embedded;

/// <summary>The CLI's log: on stderr, so stdout holds only progress and results.</summary>
public static class CliLogging
{
    /// <summary>Short lines, each warning once, no stack traces unless <paramref name="verbose"/> (ServiceDefaults' concise console format).</summary>
    public static void Configure(HostApplicationBuilder builder, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddConciseConsole(console =>
        {
            console.Verbose = verbose;
            console.VerboseHint = "run with --verbose to see every one";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
    }
}
