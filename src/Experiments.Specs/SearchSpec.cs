using Experiments.Search;

namespace Experiments.Specs;

/// <summary>The search algorithm and its seed (null: the orchestrator chooses one and records it).</summary>
public sealed record SearchSpec(SearchAlgorithm Algorithm, long? Seed);
