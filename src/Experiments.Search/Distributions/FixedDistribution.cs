using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>A constant: every trial gets <see cref="Value"/>. Counts as one grid point.</summary>
public sealed record FixedDistribution(ParameterValue Value) : Distribution
{
    public ParameterValue Value { get; init; } = Value ?? throw new ArgumentNullException(nameof(Value));

    public override long? GridSize => 1;

    public override ParameterValue Sample(Random random) => Value;

    public override bool Contains(ParameterValue value) => Value.Equals(value);

    public override string Describe() => $"fixed {Value}";

    protected override ParameterValue GridValueAtCore(long index) => Value;
}
