using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>The console that tables are written to, and whether progress may redraw itself in place.</summary>
public static class CliConsole
{
    public static IAnsiConsole Create(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            // Spectre detects a terminal only behind the process's own stdout: any other writer gets plain text.
            Ansi = ReferenceEquals(output, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            // Logs and CI have no terminal width: do not wrap the leaderboard at 80 columns.
            console.Profile.Width = Math.Max(console.Profile.Width, 200);
        }

        return console;
    }

    /// <summary>A live table in a terminal; one line per change in logs, CI, redirected output and tests.</summary>
    public static ISweepProgress Progress(IAnsiConsole console, TextWriter output, TimeProvider clock, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out)
            ? new LiveTableProgress(console, clock, interval)
            : new LineProgress(output, clock, interval);
    }
}
