using System.Globalization;
using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>A live table of trials (state, epoch, curriculum stage when the sweep has one, metric, best so far) for interactive terminals.</summary>
/// <param name="interval">How long to wait between polls; default half a second.</param>
public sealed class LiveTableProgress(IAnsiConsole console, TimeProvider clock, TimeSpan? interval = null) : ISweepProgress
{
    public async Task RunAsync(Func<CancellationToken, Task<SweepView>> poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var started = clock.GetTimestamp();
        var sweep = await poll(cancellationToken);
        await console.Live(Render(sweep, started)).AutoClear(true).StartAsync(async live =>
        {
            while (!sweep.IsFinished)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500), clock, cancellationToken);
                sweep = await poll(cancellationToken);
                live.UpdateTarget(Render(sweep, started));
            }
        });
    }

    private Table Render(SweepView sweep, long started)
    {
        var table = new Table()
            .AddColumn("trial")
            .AddColumn("state")
            .AddColumn("epoch");
        if (sweep.HasCurriculum)
        {
            table.AddColumn("stage");
        }

        table.AddColumn(new TableColumn(Markup.Escape(sweep.ObjectiveMetric)).RightAligned()).AddColumn("parameters");
        foreach (var trial in sweep.Trials)
        {
            var cells = new List<string>
            {
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.Status,
                $"{trial.Epoch}/{sweep.Epochs}",
            };
            if (sweep.HasCurriculum)
            {
                cells.Add(Markup.Escape(trial.Stage));
            }

            cells.Add(SweepFormatting.Number(trial.Objective));
            cells.Add(Markup.Escape(trial.ParametersText));
            table.AddRow(cells.ToArray());
        }

        var best = sweep.BestTrial;
        var done = sweep.Trials.Count(t => !t.IsActive);
        table.Caption(
            $"{done}/{sweep.MaxTrials} trials done, {clock.GetElapsedTime(started).TotalSeconds:F0}s elapsed; best {Markup.Escape(sweep.ObjectiveMetric)} " +
            (best is null ? "-" : $"{SweepFormatting.Number(best.Objective)} (trial {best.Number})") +
            (sweep.Waiting is { } waiting ? $"\n{Markup.Escape(waiting)}" : string.Empty));
        return table;
    }
}
