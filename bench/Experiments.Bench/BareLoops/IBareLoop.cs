using static TorchSharp.torch;

namespace Experiments.Bench.BareLoops;

/// <summary>
/// A model's training step written as a plain TorchSharp loop would write it: the product's networks and losses,
/// no engine around them (no observer, no metrics, no checkpoints), reading the loss back every step.
/// </summary>
internal interface IBareLoop : IDisposable
{
    int BatchSize { get; }

    /// <summary>The built-in data set both parts train on (the product is given the same name).</summary>
    string Dataset => "mnist";

    /// <summary>One optimiser step on <paramref name="images"/> in [0, 1] with their class labels; returns the (generator's) loss.</summary>
    float Step(Tensor images, Tensor labels);

    /// <summary>Optimiser steps in one epoch over <paramref name="trainCount"/> training examples (the product's count).</summary>
    int StepsPerEpoch(long trainCount) => (int)(trainCount / BatchSize);

    /// <summary>
    /// One epoch as a plain loop runs it: by default the examples in a new shuffle, in batches of <see cref="BatchSize"/>
    /// with their labels, one <see cref="Step"/> each; <paramref name="afterStep"/> after every step.
    /// </summary>
    void RunEpoch(Tensor train, Tensor? labels, Random shuffle, Action afterStep)
    {
        var trainCount = train.shape[0];
        var order = Enumerable.Range(0, (int)trainCount).Select(i => (long)i).ToArray();
        shuffle.Shuffle(order);
        using var permutation = TorchSharp.torch.tensor(order);
        for (var start = 0; start + BatchSize <= trainCount; start += BatchSize)
        {
            using (TorchSharp.torch.NewDisposeScope())
            {
                var indices = permutation.narrow(0, start, BatchSize);
                _ = Step(train.index_select(0, indices), labels!.index_select(0, indices));
            }

            afterStep();
        }
    }
}
