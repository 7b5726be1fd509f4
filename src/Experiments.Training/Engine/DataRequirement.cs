using Experiments.Datasets;
using Experiments.Training.Datasets;

namespace Experiments.Training.Engine;

/// <summary>The sentence a family's <see cref="IModelFamily.CheckData"/> gives when it cannot train on a data set's shape.</summary>
internal static class DataRequirement
{
    /// <summary>Null when <paramref name="data"/>'s examples have one of the <paramref name="accepted"/> shapes; else why not.</summary>
    public static string? OneOf(TrainingData data, string model, params DataShape[] accepted) =>
        accepted.Contains(data.Shape)
            ? null
            : $"it holds {data.Shape}; the {model} model trains on {string.Join(" or ", accepted.Select(shape => shape.ToString()))}";
}
