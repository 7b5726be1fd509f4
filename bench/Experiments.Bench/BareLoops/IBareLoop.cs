using static TorchSharp.torch;

namespace Experiments.Bench.BareLoops;

/// <summary>
/// A model's training step written as a plain TorchSharp loop would write it: the product's networks and losses,
/// no engine around them (no observer, no metrics, no checkpoints), reading the loss back every step.
/// </summary>
internal interface IBareLoop : IDisposable
{
    int BatchSize { get; }

    /// <summary>One optimiser step on <paramref name="images"/> in [0, 1] with their class labels; returns the (generator's) loss.</summary>
    float Step(Tensor images, Tensor labels);
}
