using System.Globalization;
using Experiments.Contracts.Api;
using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>The experiments of a cluster by name: how many sweeps each has, and its latest sweep.</summary>
public static class ExperimentListTable
{
    public static Table Build(IReadOnlyList<ExperimentSummary> experiments)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var table = new Table()
            .AddColumn("experiment")
            .AddColumn(new TableColumn("sweeps").RightAligned())
            .AddColumn("latest sweep")
            .AddColumn("status")
            .AddColumn("started");
        foreach (var experiment in experiments)
        {
            table.AddRow(
                Markup.Escape(experiment.Name),
                experiment.SweepCount.ToString(CultureInfo.InvariantCulture),
                experiment.LatestSweepId is { } id ? RemoteFormatting.ShortId(id) : "-",
                Markup.Escape(experiment.LatestSweepStatus ?? "-"),
                RemoteFormatting.Time(experiment.LatestSweepCreatedAt));
        }

        return table;
    }
}
