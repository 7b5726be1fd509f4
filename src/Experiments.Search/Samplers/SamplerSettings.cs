using Experiments.Contracts.Models;

namespace Experiments.Search;

/// <summary>
/// What a sampler is built from: the sweep's seed, which way the objective is better, and the options the spec set
/// (only those; <see cref="AlgorithmOptions"/> supplies the declared defaults for the rest).
/// </summary>
public sealed record SamplerSettings(long Seed, ObjectiveGoal Goal, AlgorithmOptions Options)
{
    public static SamplerSettings Default(long seed) => new(seed, ObjectiveGoal.Minimize, AlgorithmOptions.None);
}
