using Experiments.Grains.Sweeps;
using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>A live table of trials (state, epoch, curriculum stage when the sweep has one, metric, best so far) for interactive terminals.</summary>
public sealed class LiveTableProgress(IAnsiConsole console, TimeProvider clock) : ISweepProgress
{
    public async Task RunAsync(Func<CancellationToken, Task<SweepSnapshot>> poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var started = clock.GetTimestamp();
        var snapshot = await poll(cancellationToken);
        await console.Live(Render(snapshot, started)).AutoClear(true).StartAsync(async live =>
        {
            while (!snapshot.IsFinished)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
                snapshot = await poll(cancellationToken);
                live.UpdateTarget(Render(snapshot, started));
            }
        });
    }

    private Table Render(SweepSnapshot snapshot, long started)
    {
        var definition = snapshot.Definition;
        var curriculum = definition.Curriculum;
        var table = new Table()
            .AddColumn("trial")
            .AddColumn("state")
            .AddColumn("epoch");
        if (curriculum is not null)
        {
            table.AddColumn("stage");
        }

        table.AddColumn(new TableColumn(Markup.Escape(definition.ObjectiveMetric)).RightAligned()).AddColumn("parameters");
        foreach (var trial in snapshot.Trials)
        {
            var cells = new List<string>
            {
                trial.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                SweepFormatting.Status(trial.Status),
                $"{trial.Epoch}/{definition.Epochs}",
            };
            if (curriculum is not null)
            {
                cells.Add(Markup.Escape(SweepFormatting.Stage(trial, curriculum)));
            }

            cells.Add(SweepFormatting.Number(trial.Objective));
            cells.Add(Markup.Escape(SweepFormatting.Parameters(trial, definition)));
            table.AddRow(cells.ToArray());
        }

        var best = snapshot.BestTrial;
        var done = snapshot.Trials.Count(t => !t.IsActive);
        table.Caption(
            $"{done}/{definition.MaxTrials} trials done, {clock.GetElapsedTime(started).TotalSeconds:F0}s elapsed; best {Markup.Escape(definition.ObjectiveMetric)} " +
            (best is null ? "-" : $"{SweepFormatting.Number(best.Objective)} (trial {best.Number})"));
        return table;
    }
}
