namespace Experiments.Grains.Experiments;

/// <summary>
/// Which sweep a submission started, and whether it picked up an unfinished one (<paramref name="Resumed"/>)
/// or found the latest sweep of the spec already finished (<paramref name="AlreadyFinished"/>: COMPLETED
/// or FAILED, nothing was started; as Optuna's <c>load_if_exists</c> returns a finished study).
/// </summary>
[GenerateSerializer]
[Alias("experiments.sweep-start-result")]
public sealed record SweepStartResult(
    [property: Id(0)] Guid SweepId,
    [property: Id(1)] bool Resumed,
    [property: Id(2)] bool AlreadyFinished = false);
