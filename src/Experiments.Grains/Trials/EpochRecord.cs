namespace Experiments.Grains.Trials;

/// <summary>The held-out metrics of one epoch of one attempt: the history schedulers will read.</summary>
[GenerateSerializer]
[Alias("experiments.epoch-record")]
public sealed record EpochRecord(
    [property: Id(0)] int Attempt,
    [property: Id(1)] int Epoch,
    [property: Id(2)] long Step,
    [property: Id(3)] IReadOnlyDictionary<string, double> Metrics);
