namespace Experiments.Grains.Catalog;

/// <summary>One sweep as the catalog lists it: which experiment it belongs to and when it was created.</summary>
[GenerateSerializer]
[Immutable]
[Alias("experiments.cataloged-sweep")]
public sealed record CatalogedSweep(
    [property: Id(0)] string ExperimentName,
    [property: Id(1)] Guid SweepId,
    [property: Id(2)] DateTimeOffset CreatedAt);
