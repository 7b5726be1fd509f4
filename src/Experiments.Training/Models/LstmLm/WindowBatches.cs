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
    private long[] starts = [];
    private int length;

    public int BatchSize { get; } = batchSize;

    public int StartEpoch(int epoch)
    {
        length = sequenceLength();
        var random = EpochRandom.For(seed, epoch);
        var offset = random.Next(length);
        var windows = Math.Max(0, (tokens.shape[0] - 1 - offset) / length);
        starts = new long[windows];
        for (var i = 0; i < windows; i++)
        {
            starts[i] = offset + (i * (long)length);
        }

        random.Shuffle(starts);
        return (int)(windows / BatchSize);
    }

    /// <summary>Windows [batch, sequence_length + 1] of character indices.</summary>
    public TrainingBatch Batch(int index)
    {
        var first = torch.tensor(starts.AsSpan(index * BatchSize, BatchSize).ToArray(), device: tokens.device);
        return new TrainingBatch(SequenceWindows.Gather(tokens, first, length + 1), null);
    }

    public void Dispose()
    {
    }
}
