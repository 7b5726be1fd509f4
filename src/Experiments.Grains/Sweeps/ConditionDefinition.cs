using Experiments.Contracts.Parameters;

namespace Experiments.Grains.Sweeps;

/// <summary>The persisted form of one condition of a parameter (see <c>ParameterCondition</c>).</summary>
[GenerateSerializer]
[Alias("experiments.condition-definition")]
public sealed record ConditionDefinition(
    [property: Id(0)] string Parent,
    [property: Id(1)] IReadOnlyList<ParameterValue> Values);
