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

    /// <summary>A terminal shows about this many rows: a large sweep shows its running trials, its best and its latest.</summary>
    public const int MaxRows = 40;

    /// <summary>Every trial while they fit; beyond <see cref="MaxRows"/> the active ones, the best, then the latest finished, by number.</summary>
    public static IReadOnlyList<TrialView> RowsToShow(SweepView sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        if (sweep.Trials.Count <= MaxRows)
        {
            return sweep.Trials;
        }

        var shown = new SortedDictionary<int, TrialView>();
        foreach (var trial in sweep.Trials.Where(t => t.IsActive).Take(MaxRows))
        {
            shown[trial.Number] = trial;
        }

        if (sweep.BestTrial is { } best && shown.Count < MaxRows)
        {
            shown[best.Number] = best;
        }

        for (var i = sweep.Trials.Count - 1; i >= 0 && shown.Count < MaxRows; i--)
        {
            shown.TryAdd(sweep.Trials[i].Number, sweep.Trials[i]);
        }

        return shown.Values.ToList();
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
        var rows = RowsToShow(sweep);
        foreach (var trial in rows)
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
            (rows.Count < sweep.Trials.Count ? $"; showing {rows.Count} of {sweep.Trials.Count} trials (running, best, latest)" : string.Empty) +
            (sweep.Waiting is { } waiting ? $"\n{Markup.Escape(waiting)}" : string.Empty));
        return table;
    }
}
