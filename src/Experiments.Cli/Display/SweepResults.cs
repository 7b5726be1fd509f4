using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>What is shown when a sweep ends: the leaderboard, then the best trial and where to see it in MLflow.</summary>
public static class SweepResults
{
    /// <param name="runLabel">How a trial's MLflow run key is shown; the key itself when null.</param>
    /// <param name="trackingHint">Where to see the runs, appended to the line of the best trial.</param>
    public static async Task WriteAsync(IAnsiConsole console, TextWriter output, SweepView sweep, Func<string, string>? runLabel, string trackingHint)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sweep);
        console.Write(Leaderboard.Build(sweep, runLabel));
        if (sweep.BestTrial is { } best)
        {
            await output.WriteLineAsync(
                $"Best: trial {best.Number}, {sweep.ObjectiveMetric} = {SweepFormatting.Number(best.Objective)} ({best.ParametersText}). {trackingHint}");
        }
    }
}
