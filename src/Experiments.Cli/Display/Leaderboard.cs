using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>The final table of trials, best first, with their parameters and MLflow run ids.</summary>
public static class Leaderboard
{
    public static Table Build(SweepSnapshot snapshot, Func<string, string>? runLabel = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var definition = snapshot.Definition;
        var table = new Table()
            .Title($"[bold]{Markup.Escape(definition.Name)}[/]: {snapshot.Status.ToString().ToUpperInvariant()}, {definition.Goal.ToString().ToLowerInvariant()} {Markup.Escape(definition.ObjectiveMetric)}")
            .AddColumn("rank")
            .AddColumn("trial")
            .AddColumn("status")
            .AddColumn(new TableColumn(Markup.Escape(definition.ObjectiveMetric)).RightAligned())
            .AddColumn("epochs");
        var parameterNames = SweepFormatting.ParameterNames(definition);
        foreach (var name in parameterNames)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        table.AddColumn("mlflow run");

        var rank = 0;
        foreach (var trial in SweepFormatting.Ranked(snapshot))
        {
            var ranked = trial.Status == TrialStatus.Completed && trial.Objective is not null;
            var cells = new List<string>
            {
                ranked ? (++rank).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-",
                trial.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                SweepFormatting.Status(trial.Status),
                SweepFormatting.Number(trial.Objective),
                $"{trial.Epoch}/{definition.Epochs}",
            };
            cells.AddRange(parameterNames.Select(name => Markup.Escape(
                trial.Parameters.TryGetValue(name, out var value) ? SweepFormatting.Value(value) : "-")));
            cells.Add(Markup.Escape(trial.RunKey is { } key ? runLabel?.Invoke(key) ?? key : "-"));
            table.AddRow(cells.ToArray());
        }

        return table;
    }
}
