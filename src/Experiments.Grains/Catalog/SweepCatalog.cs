namespace Experiments.Grains.Catalog;

/// <summary>Where the one catalog grain is found.</summary>
public static class SweepCatalog
{
    public const string Key = "all-sweeps";

    public static ISweepCatalogGrain GetSweepCatalog(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ISweepCatalogGrain>(Key);
    }
}
