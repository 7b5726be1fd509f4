using Experiments.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmLm;

/// <summary>
/// Independent windows of text: each epoch the training text is cut into windows of sequence_length characters and
/// the one after (from an offset drawn from (seed, epoch)), shuffled with the same generator, and each window starts
/// from a zero state. The alternative to <see cref="StreamBatches"/> when no state is carried.
/// </summary>
internal sealed class WindowBatches(Tensor tokens, int batchSize, long seed, Func<int> sequenceLength) : IEpochBatches
{
    private Tensor? starts; // the epoch's window starts in training order, on the device once per epoch
    private int length;

    public int BatchSize { get; } = batchSize;

    public int StartEpoch(int epoch)
    {
        length = sequenceLength();
        var random = EpochRandom.For(seed, epoch);
        var offset = random.Next(length);
        var windows = Math.Max(0, (tokens.shape[0] - 1 - offset) / length);
        var order = new long[windows];
        for (var i = 0; i < windows; i++)
        {
            order[i] = offset + (i * (long)length);
        }

        random.Shuffle(order);
        starts?.Dispose();
        starts = torch.tensor(order, device: tokens.device);
        return (int)(windows / BatchSize);
    }

    /// <summary>Windows [batch, sequence_length + 1] of character indices.</summary>
    public TrainingBatch Batch(int index)
    {
        var first = starts!.narrow(0, (long)index * BatchSize, BatchSize);
        return new TrainingBatch(SequenceWindows.Gather(tokens, first, length + 1), null);
    }

    public void Dispose() => starts?.Dispose();
}
