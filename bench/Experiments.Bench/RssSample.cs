using System.Diagnostics;

namespace Experiments.Bench;

/// <summary>
/// Resident memory at a step, the managed heap in use, and the C heap in use (<see cref="NativeHeap"/>: where libtorch's
/// CPU tensors live). Managed garbage (checkpoint bytes, PNGs) comes and goes with the GC; native memory must stay flat.
/// </summary>
internal sealed record RssSample(long Step, double Seconds, double RssMiB, double ManagedMiB, double NativeMiB)
{
    /// <summary>How long taking this sample took (its full collection): not training time.</summary>
    public double TookSeconds { get; init; }

    /// <summary>
    /// Collects garbage first (a full, compacting collection: tens of milliseconds every 250 steps, in both parts alike),
    /// so what is measured is memory in use, not garbage waiting for the GC.
    /// </summary>
    public static RssSample Take(long step, double seconds)
    {
        var clock = Stopwatch.StartNew();
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new(step, seconds, Machine.RssMiB(), GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0), NativeHeap.InUseMiB())
        {
            TookSeconds = clock.Elapsed.TotalSeconds,
        };
    }
}
