using Experiments.Datasets;
using Experiments.Training.Datasets;

namespace Experiments.Training.Engine;

/// <summary>The sentence a family's <see cref="IModelFamily.CheckData"/> gives when it cannot train on a data set's shape.</summary>
internal static class DataRequirement
{
    /// <summary>What families that train on the mixtures say they accept.</summary>
    public const string MixturePoints = "the 2-D points of a Gaussian mixture (ring8, grid25)";

    /// <summary>Null when <paramref name="data"/>'s examples have one of the <paramref name="accepted"/> shapes; else why not.</summary>
    public static string? OneOf(TrainingData data, string model, params DataShape[] accepted) =>
        Unless(accepted.Contains(data.Shape), data, model, string.Join(" or ", accepted.Select(shape => shape.ToString())));

    /// <summary>Null when <paramref name="suits"/>; else "it holds ...; the model trains on <paramref name="accepted"/>".</summary>
    public static string? Unless(bool suits, TrainingData data, string model, string accepted) =>
        suits ? null : $"it holds {data.Shape}; the {model} model trains on {accepted}";

    /// <summary>Points the GAN families can score: those of a known mixture.</summary>
    public static bool IsMixture(TrainingData data) => data.Shape is PointShape && data.Mixture is not null;
}
