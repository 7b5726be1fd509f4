using System.Globalization;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Floats spread evenly over [Low, High]. Random search draws continuously; <see cref="GridPoints"/>
/// (at least 2, ends included) only sets the resolution used by grid search. With <see cref="Step"/> the values are
/// Low, Low + Step, ..., High only (as Optuna's <c>step</c>): every sampler draws from them and they are the grid.
/// </summary>
public sealed record UniformDistribution(double Low, double High, int? GridPoints = null, double? Step = null) : Distribution
{
    // Values on a step are Low + i * Step in floating point: they may miss the exact multiple by rounding.
    private const double StepTolerance = 1e-9;

    public double Low { get; init; } = Guard(Low, High, GridPoints, Step);

    /// <summary>How many values a stepped distribution has: (High - Low) / Step + 1.</summary>
    public long? StepCount => Step is { } step ? (long)Math.Round((High - Low) / step) + 1 : null;

    public override long? GridSize => StepCount ?? GridPoints;

    public override ParameterValue Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (StepCount is { } count)
        {
            return GridValueAtCore(random.NextInt64(count));
        }

        // Clamp: Low + u * (High - Low) can round just past High for extreme ranges.
        return ParameterValue.Float(Math.Clamp(Low + (random.NextDouble() * (High - Low)), Low, High));
    }

    public override bool Contains(ParameterValue value)
    {
        if (value is not { Kind: ParameterKind.Float } || value.Number < Low || value.Number > High)
        {
            return false;
        }

        if (Step is not { } step)
        {
            return true;
        }

        var index = (value.Number - Low) / step;
        return Math.Abs(index - Math.Round(index)) <= StepTolerance * Math.Max(1, Math.Abs(index));
    }

    public override string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"uniform [{Low:R}, {High:R}]{(Step is { } s ? $" step {s:R}" : string.Empty)}{(GridPoints is { } n ? $" with {n} grid points" : string.Empty)}");

    /// <summary>The stepped value nearest <paramref name="value"/> inside the range (the value itself without a step).</summary>
    public double Snap(double value)
    {
        if (StepCount is not { } count)
        {
            return Math.Clamp(value, Low, High);
        }

        return GridValueAtCore(Math.Clamp((long)Math.Round((value - Low) / Step!.Value, MidpointRounding.AwayFromZero), 0, count - 1)).Number;
    }

    protected override ParameterValue GridValueAtCore(long index)
    {
        if (StepCount is { } count)
        {
            return ParameterValue.Float(index == count - 1 ? High : Low + (index * Step!.Value));
        }

        var last = GridPoints!.Value - 1;
        // Return the exact ends so that "inclusive" holds without rounding error.
        return index == last
            ? ParameterValue.Float(High)
            : ParameterValue.Float(Low + ((High - Low) * index / last));
    }

    private static double Guard(double low, double high, int? gridPoints, double? step)
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

        if (step is { } s)
        {
            if (gridPoints is not null)
            {
                throw new ArgumentException("A stepped uniform distribution already has its grid; give Step or GridPoints, not both.");
            }

            var intervals = (high - low) / s;
            if (!double.IsFinite(s) || s <= 0 || intervals > 1e9 || Math.Abs(intervals - Math.Round(intervals)) > StepTolerance * Math.Max(1, intervals))
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture, $"Step must be positive and divide High - Low = {high - low:R} into at most 1e9 whole steps; got {s:R}."));
            }
        }

        return low;
    }
}
