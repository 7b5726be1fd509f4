using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>Examples on the device, with their class labels (int64) when the data set has them.</summary>
internal sealed record TrainingBatch(Tensor Examples, Tensor? Labels)
{
    public long Count => Examples.shape[0];

    /// <summary>The labels, or a clear error for a family that needs them on a data set without them.</summary>
    public Tensor RequireLabels() =>
        Labels ?? throw new InvalidOperationException("This model needs class labels, but the data set has none (checked before training starts).");
}
