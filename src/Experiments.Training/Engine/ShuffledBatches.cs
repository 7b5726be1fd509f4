using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>
/// The default batching: every epoch the examples in a new seeded shuffle, cut into batches of one size (the last,
/// smaller batch is dropped so every step sees the same batch size).
/// </summary>
internal sealed class ShuffledBatches : IEpochBatches
{
    private readonly TrainingBatch train;
    private readonly long[] order;
    private readonly Random shuffle;
    private readonly Device device;
    private int shuffledEpochs;
    private Tensor? permutation;

    public ShuffledBatches(TrainingBatch train, int batchSize, long seed)
    {
        this.train = train;
        var count = (int)train.Count;
        BatchSize = Math.Min(batchSize, count);
        order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        device = train.Examples.device;

        // Not HashCode.Combine: it is randomised per process, and shuffling must repeat across processes.
        shuffle = new Random(unchecked((int)(seed ^ (seed >>> 32))));
    }

    public int BatchSize { get; }

    public int StartEpoch(int epoch)
    {
        // One shuffle per epoch from one generator: a resumed run replays the earlier epochs' shuffles first.
        while (shuffledEpochs < epoch)
        {
            shuffle.Shuffle(order);
            shuffledEpochs++;
        }

        permutation?.Dispose();
        permutation = torch.tensor(order, device: device);
        return BatchSize == 0 ? 0 : order.Length / BatchSize;
    }

    public TrainingBatch Batch(int index)
    {
        var indices = permutation!.narrow(0, (long)index * BatchSize, BatchSize);
        return new TrainingBatch(train.Examples.index_select(0, indices), train.Labels?.index_select(0, indices));
    }

    public void Dispose() => permutation?.Dispose();
}
