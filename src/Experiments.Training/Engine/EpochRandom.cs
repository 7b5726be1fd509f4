namespace Experiments.Training.Engine;

/// <summary>
/// A random generator for one epoch's data order, a function of the trial's seed and the epoch only: a family that
/// cuts its own batches (<see cref="IEpochBatches"/>) draws from it, so a resumed run cuts epoch k exactly as an
/// uninterrupted one did, with nothing to replay or checkpoint.
/// </summary>
internal static class EpochRandom
{
    public static Random For(long seed, int epoch)
    {
        // SplitMix64 of (seed, epoch). Not HashCode.Combine: it is randomised per process, and the order must repeat across processes.
        unchecked
        {
            var mixed = ((ulong)seed * 0x9E3779B97F4A7C15UL) + (ulong)epoch;
            mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL;
            mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL;
            return new Random((int)(mixed ^ (mixed >> 31)));
        }
    }
}
