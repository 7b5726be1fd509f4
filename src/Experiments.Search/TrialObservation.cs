using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// What a sampler may know about an earlier trial: the parameters it got, how it ended and its
/// objective value (null until completed). Rebuilt from persisted state after a restart.
/// </summary>
public sealed record TrialObservation(
    int Number,
    IReadOnlyDictionary<string, ParameterValue> Parameters,
    TrialOutcome Outcome,
    double? Objective);
