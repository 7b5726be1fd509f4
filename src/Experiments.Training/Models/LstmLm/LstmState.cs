using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmLm;

/// <summary>The hidden and cell state of each LSTM layer ([1, batch, hidden] each), carried from one chunk of text to the next.</summary>
internal sealed class LstmState(Tensor[] hidden, Tensor[] cell) : IDisposable
{
    public Tensor[] Hidden { get; } = hidden;

    public Tensor[] Cell { get; } = cell;

    /// <summary>
    /// A copy cut from the autograd graph and from every dispose scope, so it outlives the step that made it: the next
    /// chunk starts from these values, but gradients stop here (truncated back-propagation through time).
    /// </summary>
    public LstmState Detached() => new(
        [.. Hidden.Select(tensor => tensor.detach().DetachFromDisposeScope())],
        [.. Cell.Select(tensor => tensor.detach().DetachFromDisposeScope())]);

    public void Dispose()
    {
        foreach (var tensor in Hidden.Concat(Cell))
        {
            tensor.Dispose();
        }
    }
}
