using Experiments.Search;

namespace Experiments.Specs;

/// <summary>The early-stopping rule (a <see cref="SchedulerRegistry"/> name) and the options the spec set for it.</summary>
public sealed record SchedulerSpec(string Name, AlgorithmOptions Options)
{
    public static SchedulerSpec None { get; } = new(SchedulerRegistry.DefaultName, AlgorithmOptions.None);
}
