using Experiments.Training.Engine;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmLm;

/// <summary>
/// Truncated back-propagation through time over a continuous stream: the training text is cut into
/// <see cref="BatchSize"/> equal streams side by side, and step k reads chunk k of every stream (sequence_length
/// characters and the one after, the targets), so each row continues the row of the step before and the hidden
/// state flows on. Each epoch starts the streams at an offset below the sequence length drawn from (seed, epoch),
/// so chunk boundaries move between epochs, and from a zero state (<paramref name="startEpoch"/>); the number of
/// steps does not depend on the offset.
/// </summary>
internal sealed class StreamBatches : IEpochBatches
{
    private readonly Tensor streams;
    private readonly long streamLength;
    private readonly long seed;
    private readonly Func<int> sequenceLength;
    private readonly Action startEpoch;
    private int length;
    private int offset;

    public StreamBatches(Tensor tokens, int batchSize, long seed, Func<int> sequenceLength, Action startEpoch)
    {
        BatchSize = (int)Math.Min(batchSize, tokens.shape[0]);
        streamLength = tokens.shape[0] / BatchSize;
        streams = tokens.narrow(0, 0, BatchSize * streamLength).view(BatchSize, streamLength);
        this.seed = seed;
        this.sequenceLength = sequenceLength;
        this.startEpoch = startEpoch;
    }

    public int BatchSize { get; }

    public int StartEpoch(int epoch)
    {
        length = sequenceLength();
        offset = EpochRandom.For(seed, epoch).Next(length);
        startEpoch();

        // offset + steps * length + 1 <= streamLength for every offset below length.
        return (int)Math.Max(0, (streamLength - length) / length);
    }

    /// <summary>Chunk <paramref name="index"/> of every stream: [batch, sequence_length + 1] character indices.</summary>
    public TrainingBatch Batch(int index) => new(streams.narrow(1, offset + ((long)index * length), length + 1), null);

    public void Dispose() => streams.Dispose();
}
