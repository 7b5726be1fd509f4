using Experiments.Contracts.Trials;
using Experiments.Contracts.Workers;
using Orleans.Concurrency;

namespace Experiments.Grains.Workers;

/// <summary>
/// The workers the cluster has heard from lately (their <see cref="WorkerAvailable"/> announcements), one per
/// cluster (<see cref="Key"/>). Held in memory only: after a restart it refills within one announcement interval.
/// </summary>
[Alias("experiments.worker-registry")]
public interface IWorkerRegistryGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    [Alias("announced")]
    [OneWay]
    Task OnAnnouncedAsync(WorkerAvailable worker);

    /// <summary>
    /// Null when a worker seen within <paramref name="seenWithin"/> can train trials that need
    /// <paramref name="requirement"/> (or when the registry is too new to know); otherwise one sentence saying what
    /// is missing and what was seen.
    /// </summary>
    [Alias("unmet")]
    [ReadOnly]
    Task<string?> FindUnmetAsync(ResourceRequirement requirement, TimeSpan seenWithin);

    [Alias("workers")]
    [ReadOnly]
    Task<IReadOnlyList<WorkerAvailable>> GetWorkersAsync(TimeSpan seenWithin);
}
