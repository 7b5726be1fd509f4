using Experiments.Contracts.Api;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Api.Views;

/// <summary>A trial's summary as the API shows it.</summary>
internal static class TrialViews
{
    public static TrialDetail Detail(TrialSummary trial, SweepDefinition definition) => new()
    {
        TrialId = trial.TrialId,
        Number = trial.Number,
        Status = SweepViews.StatusName(trial.Status),
        Parameters = ParameterJson.Of(trial.Parameters, definition),
        Attempt = trial.Attempt,
        Epoch = trial.Epoch,
        Epochs = definition.Epochs,
        Objective = trial.Objective,
        BestObjective = Objectives.Best(trial.Curve, definition.Goal),
        Metrics = trial.Metrics,
        FailureReason = trial.Error,
        RunKey = trial.RunKey,
        WorkerHost = trial.WorkerHost,
        Stage = trial.StageName,
        StartedAt = trial.StartedAt,
        DispatchedAt = trial.DispatchedAt,
        AttemptStartedAt = trial.AttemptStartedAt,
        FinishedAt = trial.FinishedAt,
    };
}
