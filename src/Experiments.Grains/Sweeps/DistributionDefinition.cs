using Experiments.Contracts.Parameters;

namespace Experiments.Grains.Sweeps;

/// <summary>
/// The persisted form of one parameter's distribution: a flat record with stable ids rather than the
/// Search library's record hierarchy, so grain state survives refactorings of the algorithms.
/// </summary>
[GenerateSerializer]
[Alias("experiments.distribution-definition")]
public sealed record DistributionDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] DistributionType Type,
    [property: Id(2)] double Low,
    [property: Id(3)] double High,
    [property: Id(4)] bool Log,
    [property: Id(5)] long Step,
    [property: Id(6)] int? GridPoints,
    [property: Id(7)] IReadOnlyList<ParameterValue> Values,
    [property: Id(8)] double? FloatStep = null,
    [property: Id(9)] IReadOnlyList<ConditionDefinition>? When = null);

