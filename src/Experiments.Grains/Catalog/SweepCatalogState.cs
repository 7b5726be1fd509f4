namespace Experiments.Grains.Catalog;

[GenerateSerializer]
[Alias("experiments.sweep-catalog-state")]
public sealed class SweepCatalogState
{
    /// <summary>In the order they were registered (creation order, but for sweeps registered late on their next start).</summary>
    [Id(0)] public List<CatalogedSweep> Sweeps { get; set; } = [];
}
