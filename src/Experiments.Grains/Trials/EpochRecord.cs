namespace Experiments.Grains.Trials;

/// <summary>
/// The held-out metrics of one epoch of one attempt, and the curriculum stage that trained it (index and name; null
/// without a curriculum): the history schedulers will read, comparing trials at the same epoch and stage.
/// </summary>
[GenerateSerializer]
[Alias("experiments.epoch-record")]
public sealed record EpochRecord(
    [property: Id(0)] int Attempt,
    [property: Id(1)] int Epoch,
    [property: Id(2)] long Step,
    [property: Id(3)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(4)] int? Stage = null,
    [property: Id(5)] string? StageName = null);
