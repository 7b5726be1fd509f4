using Experiments.Grains.Storage;
using Orleans.Storage;

namespace Experiments.Hosting;

/// <summary>
/// Grain state on Redis, failing the way the grains expect of any storage: a write or read that fails (Redis down,
/// out of memory, read-only replica) becomes a <see cref="GrainStateStorageException"/> naming the state, so a
/// sweep stops INTERRUPTED and resumable instead of failing its turn with a driver exception. Conflicts
/// (<see cref="InconsistentStateException"/>) pass unchanged: Orleans handles those itself.
/// </summary>
internal sealed class RedisFailureTranslation(IGrainStorage redis, string location) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await redis.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            throw GrainStateStorageException.CannotRead(Describe(stateName, grainId), exception);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await redis.WriteStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            throw GrainStateStorageException.CannotWrite(Describe(stateName, grainId), exception);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await redis.ClearStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            throw GrainStateStorageException.CannotWrite(Describe(stateName, grainId), exception);
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (redis is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    private string Describe(string stateName, GrainId grainId) => $"{location} ({stateName} of {grainId})";

    private static bool IsStorageFailure(Exception exception) =>
        exception is not (InconsistentStateException or OperationCanceledException or GrainStateStorageException);
}
