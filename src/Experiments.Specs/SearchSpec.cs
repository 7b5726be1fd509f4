using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// The search algorithm (a <see cref="SamplerRegistry"/> name), its seed (null: the orchestrator chooses one and
/// records it) and the options the spec set for it.
/// </summary>
public sealed record SearchSpec(string Algorithm, long? Seed, AlgorithmOptions Options)
{
    public static SearchSpec Default { get; } = new(SamplerRegistry.DefaultName, null, AlgorithmOptions.None);
}
