namespace Experiments.Grains.Experiments;

/// <summary>Which sweep a submission started, and whether it picked up an unfinished one.</summary>
[GenerateSerializer]
[Alias("experiments.sweep-start-result")]
public sealed record SweepStartResult([property: Id(0)] Guid SweepId, [property: Id(1)] bool Resumed);
