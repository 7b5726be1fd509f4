namespace Experiments.Grains.Experiments;

[GenerateSerializer]
[Alias("experiments.sweep-record")]
public sealed record SweepRecord(
    [property: Id(0)] Guid SweepId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] DateTimeOffset CreatedAt);
