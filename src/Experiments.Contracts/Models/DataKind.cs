namespace Experiments.Contracts.Models;

/// <summary>
/// What the examples of a data set are: images (channels x height x width), points in a few dimensions, text (a stream
/// of characters) or a time series (a stream of values in one or more channels).
/// </summary>
public enum DataKind
{
    Images,
    Points,
    Text,
    Series,
}
