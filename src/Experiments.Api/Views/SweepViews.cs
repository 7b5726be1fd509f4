using Experiments.Contracts.Api;
using Experiments.Grains.Catalog;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Api.Views;

/// <summary>A sweep's snapshot as the API shows it (never the grains' own serialized types).</summary>
internal static class SweepViews
{
    public const string Unavailable = "UNAVAILABLE";

    public static string StatusName(SweepStatus status) => status.ToString().ToUpperInvariant();

    public static string StatusName(TrialStatus status) => status.ToString().ToUpperInvariant();

    public static TrialCounts Count(SweepTrialCounts counts) =>
        new(counts.Total, counts.Pending, counts.Running, counts.Completed, counts.Failed, counts.Killed, counts.Pruned);

    public static SweepSummary Summary(CatalogedSweep entry, SweepSnapshot snapshot) => new()
    {
        SweepId = entry.SweepId,
        Experiment = entry.ExperimentName,
        Status = StatusName(snapshot.Status),
        Trials = Count(snapshot.Counts),
        MaxTrials = snapshot.Definition.MaxTrials,
        BestTrialId = snapshot.BestTrial?.TrialId,
        BestTrialNumber = snapshot.BestTrial?.Number,
        BestObjective = snapshot.BestTrial?.Objective,
        CreatedAt = entry.CreatedAt,
        FinishedAt = FinishedAt(snapshot),
        Waiting = snapshot.Waiting,
    };

    /// <summary>A listed sweep whose state could not be read: shown with the reason rather than failing the whole list.</summary>
    public static SweepSummary WithProblem(CatalogedSweep entry, string problem) => new()
    {
        SweepId = entry.SweepId,
        Experiment = entry.ExperimentName,
        Status = Unavailable,
        CreatedAt = entry.CreatedAt,
        Problem = problem,
    };

    public static SweepDetail Detail(CatalogedSweep entry, SweepSnapshot snapshot)
    {
        var definition = snapshot.Definition;
        return new SweepDetail
        {
            SweepId = entry.SweepId,
            Experiment = entry.ExperimentName,
            Status = StatusName(snapshot.Status),
            Reason = snapshot.Reason,
            StorageFailure = snapshot.StorageFailure,
            Resources = definition.Resources.ToString().ToLowerInvariant(),
            Waiting = snapshot.Waiting,
            Model = definition.Model,
            Dataset = definition.Dataset,
            ObjectiveMetric = definition.ObjectiveMetric,
            Goal = GoalName(definition),
            Trials = Count(snapshot.Counts),
            MaxTrials = definition.MaxTrials,
            Parallel = definition.Parallel,
            MaxFailed = definition.MaxFailed,
            Epochs = definition.Epochs,
            Algorithm = definition.Algorithm,
            Scheduler = definition.Scheduler ?? "none",
            Seed = snapshot.Seed,
            BestTrialId = snapshot.BestTrial?.TrialId,
            BestTrialNumber = snapshot.BestTrial?.Number,
            BestObjective = snapshot.BestTrial?.Objective,
            ParentRunKey = snapshot.ParentRunKey,
            SourceName = definition.SourceName,
            Fingerprint = definition.Fingerprint,
            CreatedAt = entry.CreatedAt,
            FinishedAt = FinishedAt(snapshot),
        };
    }

    public static string GoalName(SweepDefinition definition) => definition.Goal.ToString().ToLowerInvariant();

    /// <summary>The snapshot has no finish time of its own: a sweep ends with its last trial (or kills them as it stops).</summary>
    private static DateTimeOffset? FinishedAt(SweepSnapshot snapshot) =>
        snapshot.Status is SweepStatus.Running or SweepStatus.None ? null : snapshot.LastFinishedAt;
}
