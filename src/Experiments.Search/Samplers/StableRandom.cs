using System.Text;

namespace Experiments.Search;

/// <summary>
/// Process-independent seeding. string.GetHashCode and HashCode are randomised per process, so
/// seeds are mixed with SplitMix64 and names hashed with FNV-1a over UTF-8 instead.
/// </summary>
internal static class StableRandom
{
    /// <summary>A generator that depends only on (seed, trial, parameter name).</summary>
    public static Random ForParameter(long seed, int trialNumber, string parameterName)
    {
        var mixed = Mix((ulong)seed ^ Mix((ulong)(uint)trialNumber + 0x9E3779B97F4A7C15UL) ^ Mix(Fnv1a(parameterName)));
        // new Random(int) uses a fixed, documented-compatible algorithm, so draws are stable across runs.
        return new Random((int)(mixed ^ (mixed >> 32)));
    }

    /// <summary>SplitMix64 finaliser: a cheap bijective mixer with good avalanche.</summary>
    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    public static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }
}
