namespace Experiments.Search;

/// <summary>
/// A seed-keyed bijection of [0, size): a balanced Feistel network over the next even power of two,
/// with cycle-walking back into range. Lets grid search visit points in a shuffled order in O(1)
/// per trial without materialising (or re-shuffling) the whole grid.
/// </summary>
internal sealed class KeyedPermutation
{
    private const int Rounds = 4;
    private readonly ulong size;
    private readonly int halfBits;
    private readonly ulong halfMask;
    private readonly ulong[] roundKeys = new ulong[Rounds];

    public KeyedPermutation(ulong size, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(size);
        this.size = size;
        var bits = 0;
        while (bits < 64 && (1UL << bits) < size)
        {
            bits++;
        }

        halfBits = (bits + 1) / 2;
        halfMask = halfBits >= 64 ? ulong.MaxValue : (1UL << halfBits) - 1;
        var state = (ulong)seed;
        for (var i = 0; i < Rounds; i++)
        {
            state = StableRandom.Mix(state + (ulong)i);
            roundKeys[i] = state;
        }
    }

    public ulong this[ulong index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
            if (size == 1)
            {
                return 0;
            }

            // The domain is at most 4 * size, so the expected number of walks is below 4.
            var value = index;
            do
            {
                value = Encrypt(value);
            }
            while (value >= size);

            return value;
        }
    }

    private ulong Encrypt(ulong value)
    {
        var left = (value >> halfBits) & halfMask;
        var right = value & halfMask;
        foreach (var key in roundKeys)
        {
            var next = left ^ (StableRandom.Mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }

        return (left << halfBits) | right;
    }
}
