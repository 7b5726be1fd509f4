using Orleans.Concurrency;

namespace Experiments.Grains.Catalog;

/// <summary>
/// Every sweep of every experiment, so they can be listed: experiment grains are keyed by spec name and
/// nothing else can enumerate them. One grain (<see cref="SweepCatalog.Key"/>); it only lists, the
/// experiment grains stay the record that resumes sweeps.
/// </summary>
[Alias("experiments.sweep-catalog")]
public interface ISweepCatalogGrain : IGrainWithStringKey
{
    /// <summary>Adds a sweep; a sweep already listed is left as it is, so registering again is harmless.</summary>
    [Alias("register")]
    Task RegisterAsync(CatalogedSweep sweep);

    [Alias("sweeps")]
    [ReadOnly]
    Task<IReadOnlyList<CatalogedSweep>> GetSweepsAsync();

    /// <summary>The sweep with this id, or null when the catalog does not list it.</summary>
    [Alias("find")]
    [ReadOnly]
    Task<CatalogedSweep?> FindAsync(Guid sweepId);
}
