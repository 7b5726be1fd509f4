using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Where one hyperparameter's values come from. Every distribution can be sampled; discrete ones
/// (and continuous ones given grid points) can also be enumerated, which is what grid search needs.
/// </summary>
public abstract record Distribution
{
    /// <summary>Draws one value. Uses only <paramref name="random"/>, so a seeded generator gives repeatable draws.</summary>
    public abstract ParameterValue Sample(Random random);

    /// <summary>Whether <paramref name="value"/> is one this distribution can produce (kind included).</summary>
    public abstract bool Contains(ParameterValue value);

    /// <summary>Number of grid points, or null when the distribution is continuous and has no grid.</summary>
    public abstract long? GridSize { get; }

    /// <summary>True when the distribution can be enumerated for grid search.</summary>
    public bool IsDiscrete => GridSize is not null;

    /// <summary>Short human description, used in error messages (e.g. "loguniform [0.0001, 0.003]").</summary>
    public abstract string Describe();

    /// <summary>The grid point at <paramref name="index"/> (0-based), without materialising the whole grid.</summary>
    public ParameterValue GridValueAt(long index)
    {
        var size = GridSize ?? throw new InvalidOperationException(
            $"{Describe()} is continuous and has no grid values; give it grid points or use a discrete distribution.");
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        return GridValueAtCore(index);
    }

    /// <summary>Every grid point, in ascending (or declaration) order.</summary>
    public IEnumerable<ParameterValue> GridValues()
    {
        var size = GridSize ?? throw new InvalidOperationException(
            $"{Describe()} is continuous and has no grid values; give it grid points or use a discrete distribution.");
        return Enumerate(size);

        IEnumerable<ParameterValue> Enumerate(long count)
        {
            for (long i = 0; i < count; i++)
            {
                yield return GridValueAtCore(i);
            }
        }
    }

    /// <summary>Called only with an index already checked against <see cref="GridSize"/>.</summary>
    protected abstract ParameterValue GridValueAtCore(long index);
}
