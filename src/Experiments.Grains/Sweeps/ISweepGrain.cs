using Experiments.Grains.Trials;
using Orleans.Concurrency;

namespace Experiments.Grains.Sweeps;

/// <summary>
/// One run of a sweep spec: asks the sampler for parameters, keeps up to <c>parallel</c> trials in
/// flight until the budget is spent, and owns the MLflow parent run.
/// </summary>
[Alias("experiments.sweep")]
public interface ISweepGrain : IGrainWithGuidKey
{
    [Alias("start")]
    Task StartAsync(SweepDefinition definition);

    [Alias("resume")]
    Task ResumeAsync();

    [Alias("stop")]
    Task StopAsync(string reason);

    /// <summary>The sweep with every trial.</summary>
    [Alias("snapshot")]
    [ReadOnly]
    Task<SweepSnapshot> GetSnapshotAsync();

    /// <summary>
    /// The sweep with its counts and best trial but only the trials numbered <paramref name="offset"/> on, at most
    /// <paramref name="limit"/> (0: none): what a status poll or a page of trials needs, at any size of sweep.
    /// </summary>
    [Alias("overview")]
    [ReadOnly]
    Task<SweepSnapshot> GetOverviewAsync(int offset, int limit);

    /// <summary>One-way so a trial never waits on its sweep (the sweep also calls its trials).</summary>
    [Alias("on-trial-updated")]
    [OneWay]
    Task OnTrialUpdatedAsync(TrialSummary summary);

    /// <summary>
    /// A trial could not save its state (after the storage's retries): the sweep stops as it does when
    /// its own state cannot be saved. One-way for the same reason as <see cref="OnTrialUpdatedAsync"/>.
    /// </summary>
    [Alias("on-trial-storage-failed")]
    [OneWay]
    Task OnTrialStorageFailedAsync(string trialId, string failure);
}
