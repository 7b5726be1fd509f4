using Experiments.Grains.Catalog;
using Experiments.Grains.Storage;
using Experiments.Grains.Sweeps;

namespace Experiments.Grains.Experiments;

public sealed class ExperimentGrain(
    [PersistentState("experiment", GrainStorageNames.Experiments)] IPersistentState<ExperimentState> state,
    TimeProvider clock) : Grain, IExperimentGrain
{
    public async Task<SweepStartResult> StartSweepAsync(SweepDefinition definition, bool resumeUnfinished)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (resumeUnfinished)
        {
            var latest = state.State.Sweeps.LastOrDefault(s => s.Fingerprint == definition.Fingerprint);
            if (latest is not null)
            {
                // Lists sweeps recorded before the catalog existed; a no-op for those it already lists.
                await RegisterInCatalogAsync(latest);
                var sweep = GrainFactory.GetGrain<ISweepGrain>(latest.SweepId);
                var snapshot = await sweep.GetOverviewAsync(0, 0);
                if (snapshot.Status is SweepStatus.Completed or SweepStatus.Failed)
                {
                    return new SweepStartResult(latest.SweepId, Resumed: false, AlreadyFinished: true);
                }

                await sweep.ResumeAsync();
                return new SweepStartResult(latest.SweepId, Resumed: true);
            }
        }

        // Recorded only once started: a sweep that failed to start (e.g. MLflow unreachable) is not resumable.
        var sweepId = Guid.NewGuid();
        var started = GrainFactory.GetGrain<ISweepGrain>(sweepId);
        await started.StartAsync(definition);
        var record = new SweepRecord(sweepId, definition.Fingerprint, clock.GetUtcNow());
        state.State.Sweeps.Add(record);
        try
        {
            await state.WriteStateAsync();
        }
        catch (GrainStateStorageException exception)
        {
            // Nothing would find this sweep again: stop it (its trials are running), keep memory as the
            // file is, and let the caller report the failure.
            state.State.Sweeps.Remove(record);
            await started.StopAsync(exception.Message);
            throw;
        }

        try
        {
            await RegisterInCatalogAsync(record);
        }
        catch (GrainStateStorageException exception)
        {
            // Stopped as above, but kept in this experiment's record: the next start of the spec resumes and lists it.
            await started.StopAsync(exception.Message);
            throw;
        }

        return new SweepStartResult(sweepId, Resumed: false);
    }

    public Task<IReadOnlyList<SweepRecord>> GetSweepsAsync() =>
        Task.FromResult<IReadOnlyList<SweepRecord>>(state.State.Sweeps.ToList());

    private Task RegisterInCatalogAsync(SweepRecord record) =>
        GrainFactory.GetSweepCatalog().RegisterAsync(new CatalogedSweep(this.GetPrimaryKeyString(), record.SweepId, record.CreatedAt));
}
