using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Every trial a TPE sampler has modelled, as coordinates on each dimension of the space (encoded once), and on each
/// dimension the usable ones in ascending order (ties by trial number), kept from one suggestion to the next: a
/// suggestion walks those orders instead of encoding and sorting the whole history again, which with 10,000 trials
/// was most of its cost. What a suggestion gets does not depend on what was kept before: a trial is encoded again
/// when its parameters object is another one, and a walk keeps only the trials of the history at hand.
/// </summary>
internal sealed class EncodedHistory
{
    /// <summary>Up to this many changed trials go into their places one by one; more are added and the order sorted again.</summary>
    private const int InsertLimit = 64;

    private readonly IReadOnlyList<ParameterDefinition> parameters;
    private readonly List<(double Coordinate, int Number)>[] ascending;
    private readonly List<(double Coordinate, int Number)>[] unplaced;
    private IReadOnlyDictionary<string, ParameterValue>?[] sources = []; // by trial number: what was encoded
    private double[][] coordinates; // [dimension][trial number]; NaN when unusable
    private readonly int[] unusable; // per dimension: refreshed trials without a usable coordinate there

    /// <param name="parameters">The space's parameters that have a dimension (fixed ones have none).</param>
    public EncodedHistory(IReadOnlyList<ParameterDefinition> parameters)
    {
        this.parameters = parameters;
        Dimensions = parameters.Select(p => SearchDimension.For(p)!).ToList();
        ascending = [.. Dimensions.Select(_ => new List<(double, int)>())];
        unplaced = [.. Dimensions.Select(_ => new List<(double, int)>())];
        coordinates = [.. Dimensions.Select(_ => Array.Empty<double>())];
        unusable = new int[Dimensions.Count];
    }

    public IReadOnlyList<SearchDimension> Dimensions { get; }

    /// <summary>Whether this encodes exactly these parameters (a changed space starts afresh).</summary>
    public bool Encodes(IReadOnlyList<ParameterDefinition> others) => parameters.SequenceEqual(others);

    /// <summary>Encodes the trial when it was not seen before, or was seen with another parameters object.</summary>
    public void Refresh(TrialObservation trial)
    {
        var number = trial.Number;
        if (number >= sources.Length)
        {
            Grow(number + 1);
        }

        if (!ReferenceEquals(sources[number], trial.Parameters))
        {
            Encode(trial, known: sources[number] is not null);
            sources[number] = trial.Parameters;
        }
    }

    /// <summary>Whether every refreshed trial has a usable coordinate on the dimension (none lacks it or has a stale value).</summary>
    public bool AllUsable(int dimension) => unusable[dimension] == 0;

    /// <summary>The trial's coordinate on a dimension (after <see cref="Refresh"/>); NaN when it has no usable value there.</summary>
    public double Coordinate(int dimension, int number) => coordinates[dimension][number];

    /// <summary>Every refreshed trial usable on a dimension, ascending by coordinate (ties by trial number).</summary>
    public ReadOnlySpan<(double Coordinate, int Number)> InOrder(int dimension)
    {
        Place(dimension);
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ascending[dimension]);
    }

    private void Encode(TrialObservation trial, bool known)
    {
        var number = trial.Number;
        for (var d = 0; d < Dimensions.Count; d++)
        {
            var dimension = Dimensions[d];
            var coordinate = trial.Parameters.TryGetValue(dimension.Name, out var value) && dimension.TryEncode(value, out var encoded) ? encoded : double.NaN;
            var previous = coordinates[d][number];
            if (known && previous.Equals(coordinate))
            {
                continue;
            }

            if (known && !double.IsNaN(previous) && !unplaced[d].Remove((previous, number)))
            {
                var at = ascending[d].BinarySearch((previous, number));
                if (at >= 0)
                {
                    ascending[d].RemoveAt(at);
                }
            }

            if (!double.IsNaN(coordinate))
            {
                unplaced[d].Add((coordinate, number));
            }

            unusable[d] += (double.IsNaN(coordinate) ? 1 : 0) - (known && double.IsNaN(previous) ? 1 : 0);
            coordinates[d][number] = coordinate;
        }
    }

    private void Place(int dimension)
    {
        var pending = unplaced[dimension];
        var order = ascending[dimension];
        if (pending.Count > InsertLimit)
        {
            order.AddRange(pending);
            order.Sort();
        }
        else
        {
            foreach (var entry in pending)
            {
                var at = order.BinarySearch(entry);
                order.Insert(at < 0 ? ~at : at, entry);
            }
        }

        pending.Clear();
    }

    private void Grow(int needed)
    {
        var length = Math.Max(needed, 2 * sources.Length);
        var grown = sources.Length;
        Array.Resize(ref sources, length);
        for (var d = 0; d < coordinates.Length; d++)
        {
            Array.Resize(ref coordinates[d], length);
            coordinates[d].AsSpan(grown).Fill(double.NaN);
        }
    }
}
