using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// The varied parameters as the points a Gaussian process works on. Numbers (log-scaled where the distribution is,
/// integers and steps as their bins, all via <see cref="SearchDimension"/>) are coordinates in [0, 1]; each choice
/// parameter is one dimension holding the index of its category. Numeric dimensions come first, then the choices, each
/// group in name order, so the declaration order does not matter.
/// </summary>
/// <remarks>
/// Categories are compared only for equality (the kernel adds a mismatch term) rather than placed along the cube as
/// CMA-ES places them: their list order is arbitrary, and a distance between "relu" and "gelu" that depended on it
/// would invent structure the objective does not have. One index dimension per choice also keeps the model's size
/// independent of how many categories there are, where a one-hot encoding would add a dimension per category.
/// </remarks>
internal sealed class CubeEncoding
{
    /// <summary>Coordinate of a category an observation lacks: equal to none of the choices, so as far from all of them.</summary>
    public const double MissingCategory = -1;

    /// <summary>Coordinate of a number an observation lacks (or holds out of the current range): the middle of its range.</summary>
    public const double MissingNumber = 0.5;

    private readonly NumericDimension[] numeric;
    private readonly bool[] rounded;
    private readonly CategoricalDimension[] categorical;

    public CubeEncoding(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var numbers = new List<(NumericDimension Dimension, bool Rounded)>();
        var choices = new List<CategoricalDimension>();
        foreach (var parameter in space.Parameters)
        {
            switch (SearchDimension.For(parameter))
            {
                case NumericDimension number:
                    numbers.Add((number, parameter.Distribution is IntDistribution or UniformDistribution { Step: not null }));
                    break;
                case CategoricalDimension choice:
                    choices.Add(choice);
                    break;
            }
        }

        numbers.Sort((a, b) => string.CompareOrdinal(a.Dimension.Name, b.Dimension.Name));
        choices.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        numeric = numbers.Select(n => n.Dimension).ToArray();
        rounded = numbers.Select(n => n.Rounded).ToArray();
        categorical = choices.ToArray();
    }

    /// <summary>All dimensions: the numeric ones, then the categorical ones.</summary>
    public int Count => numeric.Length + categorical.Length;

    /// <summary>Dimensions [0, NumericCount) are numeric; the rest hold category indices.</summary>
    public int NumericCount => numeric.Length;

    /// <summary>How many categories categorical dimension <paramref name="dimension"/> (counted over all dimensions) has.</summary>
    public int CategoryCount(int dimension) => categorical[dimension - numeric.Length].Count;

    /// <summary>
    /// The observation's point. A parameter it lacks (a conditional one, or one added since) or holds a value the
    /// space no longer allows is imputed: the middle of a numeric range, no category for a choice. Never throws.
    /// </summary>
    public void Encode(IReadOnlyDictionary<string, ParameterValue> values, Span<double> point)
    {
        for (var d = 0; d < numeric.Length; d++)
        {
            var dimension = numeric[d];
            point[d] = values.TryGetValue(dimension.Name, out var value) && dimension.TryEncode(value, out var coordinate)
                ? Math.Clamp((coordinate - dimension.Low) / (dimension.High - dimension.Low), 0, 1)
                : MissingNumber;
        }

        for (var c = 0; c < categorical.Length; c++)
        {
            var dimension = categorical[c];
            point[numeric.Length + c] = values.TryGetValue(dimension.Name, out var value) && dimension.TryEncode(value, out var index)
                ? index
                : MissingCategory;
        }
    }

    /// <summary>Moves integer and stepped coordinates onto the value they decode to, so the model is asked about what would be tried.</summary>
    public void Snap(Span<double> point)
    {
        for (var d = 0; d < numeric.Length; d++)
        {
            if (rounded[d])
            {
                var dimension = numeric[d];
                dimension.TryEncode(dimension.Decode(Line(d, point[d])), out var coordinate);
                point[d] = Math.Clamp((coordinate - dimension.Low) / (dimension.High - dimension.Low), 0, 1);
            }
        }
    }

    /// <summary>Adds the point's parameter values to <paramref name="values"/>.</summary>
    public void Decode(ReadOnlySpan<double> point, IDictionary<string, ParameterValue> values)
    {
        for (var d = 0; d < numeric.Length; d++)
        {
            values[numeric[d].Name] = numeric[d].Decode(Line(d, point[d]));
        }

        for (var c = 0; c < categorical.Length; c++)
        {
            var index = (int)Math.Clamp(point[numeric.Length + c], 0, categorical[c].Count - 1);
            values[categorical[c].Name] = categorical[c].Decode(index);
        }
    }

    private double Line(int d, double unit) => numeric[d].Low + (Math.Clamp(unit, 0, 1) * (numeric[d].High - numeric[d].Low));
}
