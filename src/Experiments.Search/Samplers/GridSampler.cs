using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Exhaustive search over the Cartesian product of every parameter's grid values, visited in a
/// seed-shuffled order (as Optuna's GridSampler does) so that a budget smaller than the grid still
/// spreads over it. Trial n gets point n; each point is produced exactly once. With conditional parameters the grid
/// is the set of distinct points that can exist (a parameter switched off by its condition adds no points there).
/// </summary>
public sealed class GridSampler(long seed) : ISampler
{
    /// <summary>Points a grid with conditions may have: it is listed in memory, unlike the plain product.</summary>
    public const int MaxConditionalPoints = 1_000_000;

    private readonly Lock gate = new();
    private (SearchSpace Space, List<Dictionary<string, ParameterValue>> Points)? conditionalGrid;

    public static SamplerDescriptor Descriptor { get; } = new(
        "grid",
        "Every combination of the parameters' grid values once, in a seed-shuffled order.",
        [],
        settings => new GridSampler(settings.Seed),
        NeedsDiscreteSpace: true);

    public long Seed { get; } = seed;

    public IReadOnlyDictionary<string, ParameterValue> Suggest(
        SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(trialNumber);
        if (space.HasConditions)
        {
            var points = ConditionalPoints(space);
            if (trialNumber >= points.Count)
            {
                throw new InvalidOperationException($"Trial {trialNumber} is beyond the end of the grid: it has {points.Count} points (trials 0 to {points.Count - 1}).");
            }

            return points[(int)new KeyedPermutation((ulong)points.Count, Seed)[(ulong)trialNumber]];
        }

        var axes = Axes(space);
        var size = GridSize(axes) ?? throw new InvalidOperationException(
            "The grid has more than 2^63 points and cannot be enumerated; use fewer values or random search.");
        if ((ulong)trialNumber >= size)
        {
            throw new InvalidOperationException(
                $"Trial {trialNumber} is beyond the end of the grid: it has {size} points (trials 0 to {size - 1}).");
        }

        var point = new KeyedPermutation(size, Seed)[(ulong)trialNumber];
        var values = new Dictionary<string, ParameterValue>(axes.Count, StringComparer.Ordinal);
        // Mixed-radix decode: the last axis varies fastest.
        for (var i = axes.Count - 1; i >= 0; i--)
        {
            var (name, distribution, count) = axes[i];
            values[name] = distribution.GridValueAt((long)(point % count));
            point /= count;
        }

        return values;
    }

    /// <summary>The grid size, or int.MaxValue when it is larger than that (the grid never runs out).</summary>
    public int? MaxTrials(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.HasConditions)
        {
            return ConditionalPoints(space).Count;
        }

        var size = GridSize(Axes(space));
        return size is { } s && s <= int.MaxValue ? (int)s : int.MaxValue;
    }

    /// <summary>
    /// The parameters sorted by name, so that the grid order does not depend on the order in which a
    /// spec happens to list them. Throws when a parameter cannot be enumerated.
    /// </summary>
    private static List<(string Name, Distribution Distribution, ulong Count)> Axes(SearchSpace space)
    {
        var continuous = space.Parameters.Where(p => !p.Distribution.IsDiscrete).ToList();
        if (continuous.Count > 0)
        {
            var names = string.Join(", ", continuous.Select(p => $"'{p.Name}' ({p.Distribution.Describe()})"));
            throw new InvalidOperationException(
                $"Grid search needs every parameter to be discrete, but {names} is continuous. " +
                "Give uniform/loguniform parameters grid points, or use int, choice or fixed distributions.");
        }

        return space.Parameters
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (p.Name, p.Distribution, (ulong)p.Distribution.GridSize!.Value))
            .ToList();
    }

    /// <summary>
    /// Every point that can exist, each once, in an order that does not depend on declaration order beyond what the
    /// conditions need: parameters are expanded in declaration order (parents first), then the points are sorted.
    /// </summary>
    private List<Dictionary<string, ParameterValue>> ConditionalPoints(SearchSpace space)
    {
        lock (gate)
        {
            if (conditionalGrid is { } cached && cached.Space.Equals(space))
            {
                return cached.Points;
            }
        }

        Axes(space); // every parameter must be discrete
        var points = new List<(Dictionary<string, ParameterValue> Values, SortedDictionary<string, long> Indices)> { (new(StringComparer.Ordinal), new(StringComparer.Ordinal)) };
        foreach (var parameter in space.Parameters)
        {
            var next = new List<(Dictionary<string, ParameterValue>, SortedDictionary<string, long>)>(points.Count);
            foreach (var (values, indices) in points)
            {
                if (!parameter.When.All(condition => condition.HoldsFor(values)))
                {
                    next.Add((values, indices));
                    continue;
                }

                for (long i = 0; i < parameter.Distribution.GridSize!.Value; i++)
                {
                    if (next.Count >= MaxConditionalPoints)
                    {
                        throw new InvalidOperationException(
                            $"The grid with conditions has more than {MaxConditionalPoints:N0} points; use fewer values or random search.");
                    }

                    next.Add((new Dictionary<string, ParameterValue>(values, StringComparer.Ordinal) { [parameter.Name] = parameter.Distribution.GridValueAt(i) },
                        new SortedDictionary<string, long>(indices, StringComparer.Ordinal) { [parameter.Name] = i }));
                }
            }

            points = next;
        }

        var ordered = points
            .OrderBy(p => string.Join(';', p.Indices.Select(e => $"{e.Key}={e.Value}")), StringComparer.Ordinal)
            .Select(p => p.Values)
            .ToList();
        lock (gate)
        {
            conditionalGrid = (space, ordered);
        }

        return ordered;
    }

    /// <summary>Product of the axis sizes, or null on overflow beyond long.MaxValue.</summary>
    private static ulong? GridSize(List<(string Name, Distribution Distribution, ulong Count)> axes)
    {
        ulong size = 1;
        foreach (var axis in axes)
        {
            if (axis.Count != 0 && size > long.MaxValue / axis.Count)
            {
                return null;
            }

            size *= axis.Count;
        }

        return size;
    }
}
