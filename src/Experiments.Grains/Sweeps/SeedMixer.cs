namespace Experiments.Grains.Sweeps;

/// <summary>Derives per-trial training seeds from the sweep seed; stable across processes (SplitMix64).</summary>
public static class SeedMixer
{
    public static long TrialSeed(long sweepSeed, int trialNumber)
    {
        unchecked
        {
            var z = (ulong)sweepSeed + (0x9E3779B97F4A7C15UL * (ulong)(trialNumber + 1));
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (long)(z & 0x7FFF_FFFF_FFFF_FFFFUL);
        }
    }
}
