using System.Globalization;
using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>The final table of trials, best first, with their parameters and MLflow run ids.</summary>
public static class Leaderboard
{
    public static Table Build(SweepView sweep, Func<string, string>? runLabel = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var table = new Table()
            .Title($"[bold]{Markup.Escape(sweep.Name)}[/]: {sweep.Status}, {sweep.Goal.ToString().ToLowerInvariant()} {Markup.Escape(sweep.ObjectiveMetric)}")
            .AddColumn("rank")
            .AddColumn("trial")
            .AddColumn("status")
            .AddColumn(new TableColumn(Markup.Escape(sweep.ObjectiveMetric)).RightAligned())
            .AddColumn("epochs");
        foreach (var name in sweep.ParameterNames)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        table.AddColumn("mlflow run");

        var rank = 0;
        foreach (var trial in SweepFormatting.Ranked(sweep))
        {
            var ranked = trial.IsCompleted && trial.Objective is not null;
            var cells = new List<string>
            {
                ranked ? (++rank).ToString(CultureInfo.InvariantCulture) : "-",
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.Status,
                SweepFormatting.Number(trial.Objective),
                $"{trial.Epoch}/{sweep.Epochs}",
            };
            cells.AddRange(sweep.ParameterNames.Select(name => Markup.Escape(trial.ParameterText(name) ?? "-")));
            cells.Add(Markup.Escape(trial.RunKey is { } key ? runLabel?.Invoke(key) ?? key : "-"));
            table.AddRow(cells.ToArray());
        }

        return table;
    }
}
