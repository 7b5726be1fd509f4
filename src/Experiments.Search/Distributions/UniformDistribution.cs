using System.Globalization;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Floats spread evenly over [Low, High]. Random search draws continuously; <see cref="GridPoints"/>
/// (at least 2, ends included) only sets the resolution used by grid search.
/// </summary>
public sealed record UniformDistribution(double Low, double High, int? GridPoints = null) : Distribution
{
    public double Low { get; init; } = Guard(Low, High, GridPoints);

    public override long? GridSize => GridPoints;

    public override ParameterValue Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // Clamp: Low + u * (High - Low) can round just past High for extreme ranges.
        return ParameterValue.Float(Math.Clamp(Low + (random.NextDouble() * (High - Low)), Low, High));
    }

    public override bool Contains(ParameterValue value) =>
        value is { Kind: ParameterKind.Float } && value.Number >= Low && value.Number <= High;

    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"uniform [{Low:R}, {High:R}]{(GridPoints is { } n ? $" with {n} grid points" : string.Empty)}");

    protected override ParameterValue GridValueAtCore(long index)
    {
        var last = GridPoints!.Value - 1;
        // Return the exact ends so that "inclusive" holds without rounding error.
        return index == last
            ? ParameterValue.Float(High)
            : ParameterValue.Float(Low + ((High - Low) * index / last));
    }

    private static double Guard(double low, double high, int? gridPoints)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || low >= high)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture, $"Uniform bounds must be finite with Low < High; got [{low}, {high}]."));
        }

        if (gridPoints is < 2)
        {
            throw new ArgumentException($"GridPoints must be at least 2 (both ends are included); got {gridPoints}.");
        }

        return low;
    }
}
