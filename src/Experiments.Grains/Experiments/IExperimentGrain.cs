using Experiments.Grains.Sweeps;

namespace Experiments.Grains.Experiments;

/// <summary>
/// An experiment (keyed by the spec's name, like an Optuna study or an MLflow experiment) and the
/// sweeps run under it.
/// </summary>
[Alias("experiments.experiment")]
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a sweep of <paramref name="definition"/>. With <paramref name="resumeUnfinished"/>, the
    /// latest sweep of the same spec (same fingerprint) is taken instead, as Optuna's
    /// <c>load_if_exists</c> does: resumed when it was interrupted or never finished, returned as it
    /// is (<see cref="SweepStartResult.AlreadyFinished"/>) when it completed or failed.
    /// </summary>
    [Alias("start-sweep")]
    Task<SweepStartResult> StartSweepAsync(SweepDefinition definition, bool resumeUnfinished);

    [Alias("sweeps")]
    Task<IReadOnlyList<SweepRecord>> GetSweepsAsync();
}
