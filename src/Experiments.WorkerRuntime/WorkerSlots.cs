using Microsoft.Extensions.Options;

namespace Experiments.WorkerRuntime;

/// <summary>
/// The worker's <c>Worker:Slots</c>, shared by the queues it takes trials from (any kind, and its own kind's): a trial
/// from either waits here for a free slot, so a one-GPU worker never trains two at once.
/// </summary>
public sealed class WorkerSlots(IOptions<TrialWorkerOptions> options) : IDisposable
{
    private readonly SemaphoreSlim free = new(Math.Max(1, options.Value.Slots), Math.Max(1, options.Value.Slots));

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await free.WaitAsync(cancellationToken);
        return new Slot(free);
    }

    public void Dispose() => free.Dispose();

    private sealed class Slot(SemaphoreSlim free) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                free.Release();
            }
        }
    }
}
