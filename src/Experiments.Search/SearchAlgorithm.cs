namespace Experiments.Search;

/// <summary>The ways a sweep can choose trial parameters.</summary>
public enum SearchAlgorithm
{
    Random,
    Grid,
}
