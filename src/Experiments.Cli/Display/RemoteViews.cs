using Experiments.Contracts.Api;
using Experiments.Contracts.Models;

namespace Experiments.Cli.Display;

/// <summary>
/// The display model of a sweep on a cluster, from the REST API's sweep and every page of its trials. The API names
/// a trial's curriculum stage but not its place in the plan, so the stage column shows the name alone, from the
/// first trial that reports one.
/// </summary>
public static class RemoteViews
{
    public static SweepView Of(SweepDetail sweep, IReadOnlyList<TrialDetail> trials)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trials);
        return new SweepView
        {
            SweepId = sweep.SweepId,
            Name = sweep.Experiment,
            Status = sweep.Status,
            Reason = sweep.Reason,
            Waiting = sweep.Waiting,
            ObjectiveMetric = sweep.ObjectiveMetric,
            Goal = string.Equals(sweep.Goal, "maximize", StringComparison.OrdinalIgnoreCase) ? ObjectiveGoal.Maximize : ObjectiveGoal.Minimize,
            MaxTrials = sweep.MaxTrials,
            Epochs = sweep.Epochs,
            // Each trial lists its parameters in the spec's order; names only some trials have follow in first-seen order.
            ParameterNames = trials.SelectMany(t => t.Parameters.Keys).Distinct(StringComparer.Ordinal).ToList(),
            HasCurriculum = trials.Any(t => t.Stage is not null),
            Trials = trials.OrderBy(t => t.Number).Select(Of).ToList(),
            BestTrialId = sweep.BestTrialId,
        };
    }

    private static TrialView Of(TrialDetail trial) => new()
    {
        TrialId = trial.TrialId,
        Number = trial.Number,
        Status = trial.Status,
        Epoch = trial.Epoch,
        Objective = trial.Objective,
        Parameters = trial.Parameters.Select(p => KeyValuePair.Create(p.Key, SweepFormatting.Value(p.Value))).ToList(),
        Stage = trial.Stage ?? "-",
        RunKey = trial.RunKey,
        Error = trial.FailureReason,
    };
}
