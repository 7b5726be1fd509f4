using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Integers Low, Low + Step, ... up to High (inclusive). With <see cref="Log"/> the draw is
/// log-uniform (Low &gt;= 1, Step 1), as for layer widths. The grid is every reachable integer.
/// </summary>
public sealed record IntDistribution(long Low, long High, bool Log, long Step = 1) : Distribution
{
    public long Low { get; init; } = Guard(Low, High, Log, Step);

    /// <summary>How many integers are reachable: (High - Low) / Step + 1.</summary>
    public long Count => ((High - Low) / Step) + 1;

    public override long? GridSize => Count;

    public override ParameterValue Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!Log)
        {
            return ParameterValue.Int(Low + (random.NextInt64(Count) * Step));
        }

        // As Optuna does: widen by half a unit each side so that the end values get their fair share
        // after rounding, then clamp away floating-point overshoot.
        var logLow = Math.Log(Low - 0.5);
        var drawn = Math.Exp(logLow + (random.NextDouble() * (Math.Log(High + 0.5) - logLow)));
        return ParameterValue.Int(Math.Clamp((long)Math.Round(drawn, MidpointRounding.AwayFromZero), Low, High));
    }

    public override bool Contains(ParameterValue value) =>
        value is { Kind: ParameterKind.Int }
        && value.Number == Math.Round(value.Number)
        && value.Number >= Low
        && value.Number <= High
        && ((long)value.Number - Low) % Step == 0;

    public override string Describe() =>
        $"int [{Low}, {High}]{(Step != 1 ? $" step {Step}" : string.Empty)}{(Log ? " log" : string.Empty)}";

    protected override ParameterValue GridValueAtCore(long index) => ParameterValue.Int(Low + (index * Step));

    private static long Guard(long low, long high, bool log, long step)
    {
        if (low > high)
        {
            throw new ArgumentException($"Int bounds need Low <= High; got [{low}, {high}].");
        }

        if (step < 1)
        {
            throw new ArgumentException($"Int step must be at least 1; got {step}.");
        }

        if (log && (low < 1 || step != 1))
        {
            throw new ArgumentException($"A log int distribution needs Low >= 1 and Step 1; got Low {low}, Step {step}.");
        }

        // Count must fit in a long; ParameterValue carries a double, so stay within 2^53 as well.
        const long MaxExact = 1L << 53;
        if (low < -MaxExact || high > MaxExact)
        {
            throw new ArgumentException($"Int bounds must lie within ±2^53 to be represented exactly; got [{low}, {high}].");
        }

        return low;
    }
}
