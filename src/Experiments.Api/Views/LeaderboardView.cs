using Experiments.Contracts.Api;
using Experiments.Grains.Catalog;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Api.Views;

/// <summary>
/// The CLI's leaderboard as data: completed trials ranked by the objective and goal, then pruned trials (no rank)
/// ordered the same way by the value they had reached; running, pending, failed and killed trials are left out.
/// </summary>
internal static class LeaderboardView
{
    public static Leaderboard Build(CatalogedSweep entry, SweepSnapshot snapshot, int top)
    {
        var definition = snapshot.Definition;
        var completed = Ordered(snapshot.Trials.Where(t => t.Status == TrialStatus.Completed), definition);
        var pruned = Ordered(snapshot.Trials.Where(t => t.Status == TrialStatus.Pruned), definition);
        // Missing and NaN objectives sort last, so the ranked trials come first and are numbered from 1.
        var entries = completed.Select((t, index) => Entry(t, Objectives.SortKey(t.Objective, definition.Goal).Missing ? null : index + 1, definition))
            .Concat(pruned.Select(t => Entry(t, rank: null, definition)))
            .Take(top)
            .ToList();
        return new Leaderboard(
            entry.SweepId,
            entry.ExperimentName,
            SweepViews.StatusName(snapshot.Status),
            definition.ObjectiveMetric,
            SweepViews.GoalName(definition),
            entries);
    }

    private static IEnumerable<TrialSummary> Ordered(IEnumerable<TrialSummary> trials, SweepDefinition definition) =>
        trials.OrderBy(t => Objectives.SortKey(t.Objective, definition.Goal)).ThenBy(t => t.Number);

    private static LeaderboardEntry Entry(TrialSummary trial, int? rank, SweepDefinition definition) => new(
        rank,
        trial.Number,
        trial.TrialId,
        SweepViews.StatusName(trial.Status),
        trial.Status == TrialStatus.Pruned,
        trial.Objective,
        trial.Epoch,
        ParameterJson.Of(trial.Parameters, definition),
        trial.RunKey);
}
