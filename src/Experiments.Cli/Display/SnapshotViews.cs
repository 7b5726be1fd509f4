using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Cli.Display;

/// <summary>The display model of a sweep run by the embedded silo (<c>experiments run</c>), from its grain snapshot.</summary>
public static class SnapshotViews
{
    public static SweepView Of(SweepSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var definition = snapshot.Definition;
        return new SweepView
        {
            SweepId = snapshot.SweepId,
            Name = definition.Name,
            Status = snapshot.Status.ToString().ToUpperInvariant(),
            Reason = snapshot.Reason,
            Waiting = snapshot.Waiting,
            ObjectiveMetric = definition.ObjectiveMetric,
            Goal = definition.Goal,
            MaxTrials = definition.MaxTrials,
            Epochs = definition.Epochs,
            ParameterNames = SweepFormatting.ParameterNames(definition),
            HasCurriculum = definition.Curriculum is not null,
            Trials = snapshot.Trials.Select(trial => Of(trial, definition)).ToList(),
            BestTrialId = snapshot.BestTrialId,
        };
    }

    private static TrialView Of(TrialSummary trial, SweepDefinition definition) => new()
    {
        TrialId = trial.TrialId,
        Number = trial.Number,
        Status = SweepFormatting.Status(trial.Status),
        Epoch = trial.Epoch,
        Objective = trial.Objective,
        Parameters = SweepFormatting.ParameterNames(definition, trial.Parameters.Keys)
            .Where(trial.Parameters.ContainsKey)
            .Select(name => KeyValuePair.Create(name, SweepFormatting.Value(trial.Parameters[name])))
            .ToList(),
        Stage = definition.Curriculum is { } curriculum ? SweepFormatting.Stage(trial, curriculum) : "-",
        RunKey = trial.RunKey,
        Error = trial.Error,
    };
}
