using Experiments.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>
/// The forecaster's batches: every window of lookback + horizon consecutive steps of the (standardised) training split,
/// their starts in a new order each epoch, cut into batches of one size (the last, smaller batch dropped). The order is
/// a function of the seed and the epoch only, so a resumed run trains on exactly the windows an uninterrupted one would.
/// </summary>
internal sealed class ForecastWindows : IEpochBatches
{
    private readonly Tensor series;
    private readonly int windowLength;
    private readonly long seed;
    private Tensor? starts;

    /// <param name="series">The training split [T, C]; only ever read through windows that lie wholly inside it.</param>
    public ForecastWindows(Tensor series, int windowLength, int batchSize, long seed)
    {
        this.series = series;
        this.windowLength = windowLength;
        this.seed = seed;
        WindowCount = (int)Math.Max(0, series.shape[0] - windowLength + 1);
        BatchSize = Math.Min(batchSize, WindowCount);
    }

    /// <summary>Windows that fit in the training split: starts 0 to T - window length.</summary>
    public int WindowCount { get; }

    public int BatchSize { get; }

    /// <summary>The window starts of <paramref name="epoch"/>, in the order they are trained on.</summary>
    public static long[] Starts(int windowCount, long seed, int epoch)
    {
        var order = new long[windowCount];
        for (var i = 0; i < windowCount; i++)
        {
            order[i] = i;
        }

        EpochRandom.For(seed, epoch).Shuffle(order);
        return order;
    }

    public int StartEpoch(int epoch)
    {
        starts?.Dispose();
        starts = torch.tensor(Starts(WindowCount, seed, epoch), device: series.device);
        return BatchSize == 0 ? 0 : WindowCount / BatchSize;
    }

    /// <summary>The batch's windows [B, lookback + horizon, C].</summary>
    public TrainingBatch Batch(int index)
    {
        var batchStarts = starts!.narrow(0, (long)index * BatchSize, BatchSize);
        return new TrainingBatch(SequenceWindows.Gather(series, batchStarts, windowLength), null);
    }

    public void Dispose() => starts?.Dispose();
}
