namespace Experiments.Contracts.Models;

/// <summary>What the examples of a data set are: images (channels x height x width) or points in a few dimensions.</summary>
public enum DataKind
{
    Images,
    Points,
}
