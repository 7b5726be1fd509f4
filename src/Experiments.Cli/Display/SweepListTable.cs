using System.Globalization;
using Experiments.Contracts.Api;
using Spectre.Console;

namespace Experiments.Cli.Display;

/// <summary>The sweeps of a cluster, oldest first: id, experiment, status, progress and best objective so far.</summary>
public static class SweepListTable
{
    public static Table Build(IReadOnlyList<SweepSummary> sweeps)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        var table = new Table()
            .AddColumn("sweep")
            .AddColumn("experiment")
            .AddColumn("status")
            .AddColumn(new TableColumn("trials done").RightAligned())
            .AddColumn(new TableColumn("best").RightAligned())
            .AddColumn("started");
        foreach (var sweep in sweeps)
        {
            table.AddRow(
                RemoteFormatting.ShortId(sweep.SweepId),
                Markup.Escape(sweep.Experiment),
                Markup.Escape(sweep.Status),
                sweep.Trials is { } counts
                    ? string.Create(CultureInfo.InvariantCulture, $"{RemoteFormatting.Finished(counts)}/{sweep.MaxTrials?.ToString(CultureInfo.InvariantCulture) ?? "?"}")
                    : "-",
                RemoteFormatting.Best(sweep.BestObjective, sweep.BestTrialNumber),
                RemoteFormatting.Time(sweep.CreatedAt));
        }

        return table;
    }
}
