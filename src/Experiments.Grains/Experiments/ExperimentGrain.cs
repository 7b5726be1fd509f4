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
                var sweep = GrainFactory.GetGrain<ISweepGrain>(latest.SweepId);
                var snapshot = await sweep.GetSnapshotAsync();
                if (snapshot.Status is SweepStatus.Running or SweepStatus.Interrupted)
                {
                    await sweep.ResumeAsync();
                    return new SweepStartResult(latest.SweepId, Resumed: true);
                }
            }
        }

        // Recorded only once started: a sweep that failed to start (e.g. MLflow unreachable) is not resumable.
        var sweepId = Guid.NewGuid();
        await GrainFactory.GetGrain<ISweepGrain>(sweepId).StartAsync(definition);
        state.State.Sweeps.Add(new SweepRecord(sweepId, definition.Fingerprint, clock.GetUtcNow()));
        await state.WriteStateAsync();
        return new SweepStartResult(sweepId, Resumed: false);
    }

    public Task<IReadOnlyList<SweepRecord>> GetSweepsAsync() =>
        Task.FromResult<IReadOnlyList<SweepRecord>>(state.State.Sweeps.ToList());
}
