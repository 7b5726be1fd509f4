using System.Globalization;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Floats whose logarithm is uniform over [log Low, log High] (Low &gt; 0): the usual prior for
/// learning rates. <see cref="GridPoints"/> (at least 2) are geometrically spaced, ends included.
/// </summary>
public sealed record LogUniformDistribution(double Low, double High, int? GridPoints = null) : Distribution
{
    public double Low { get; init; } = Guard(Low, High, GridPoints);

    public override long? GridSize => GridPoints;

    public override ParameterValue Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var logLow = Math.Log(Low);
        var value = Math.Exp(logLow + (random.NextDouble() * (Math.Log(High) - logLow)));
        return ParameterValue.Float(Math.Clamp(value, Low, High));
    }

    public override bool Contains(ParameterValue value) =>
        value is { Kind: ParameterKind.Float } && value.Number >= Low && value.Number <= High;

    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture, $"loguniform [{Low:R}, {High:R}]{(GridPoints is { } n ? $" with {n} grid points" : string.Empty)}");

    protected override ParameterValue GridValueAtCore(long index)
    {
        var last = GridPoints!.Value - 1;
        if (index == 0)
        {
            return ParameterValue.Float(Low);
        }

        if (index == last)
        {
            return ParameterValue.Float(High);
        }

        var logLow = Math.Log(Low);
        var value = Math.Exp(logLow + ((Math.Log(High) - logLow) * index / last));
        return ParameterValue.Float(Math.Clamp(value, Low, High));
    }

    private static double Guard(double low, double high, int? gridPoints)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || low <= 0 || low >= high)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture, $"Log-uniform bounds must be finite with 0 < Low < High; got [{low}, {high}]."));
        }

        if (gridPoints is < 2)
        {
            throw new ArgumentException($"GridPoints must be at least 2 (both ends are included); got {gridPoints}.");
        }

        return low;
    }
}
