using Experiments.Grains.Storage;

namespace Experiments.Grains.Catalog;

public sealed class SweepCatalogGrain(
    [PersistentState("catalog", GrainStorageNames.Experiments)] IPersistentState<SweepCatalogState> state) : Grain, ISweepCatalogGrain
{
    public async Task RegisterAsync(CatalogedSweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        if (state.State.Sweeps.Exists(s => s.SweepId == sweep.SweepId))
        {
            return;
        }

        state.State.Sweeps.Add(sweep);
        try
        {
            await state.WriteStateAsync();
        }
        catch (GrainStateStorageException)
        {
            // Memory must not list what the file lacks, or a later registration would be skipped as done.
            state.State.Sweeps.Remove(sweep);
            throw;
        }
    }

    public Task<IReadOnlyList<CatalogedSweep>> GetSweepsAsync() =>
        Task.FromResult<IReadOnlyList<CatalogedSweep>>(state.State.Sweeps.ToList());

    public Task<CatalogedSweep?> FindAsync(Guid sweepId) =>
        Task.FromResult(state.State.Sweeps.Find(s => s.SweepId == sweepId));
}
