namespace Experiments.Search;

/// <summary>Builds the sampler for a sweep's configured algorithm.</summary>
public static class SamplerFactory
{
    public static ISampler Create(SearchAlgorithm algorithm, long seed) => algorithm switch
    {
        SearchAlgorithm.Random => new RandomSampler(seed),
        SearchAlgorithm.Grid => new GridSampler(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown search algorithm."),
    };
}
