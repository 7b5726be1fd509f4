using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.LstmForecast;

/// <summary>
/// Per-channel standardisation with the training split's mean and standard deviation: the network sees every channel
/// on one scale whatever its units, and metrics are reported back in the data's own units.
/// </summary>
internal sealed class SeriesScaling : IDisposable
{
    // A constant channel keeps a finite scale (its standardised values are all 0).
    private const double SmallestDeviation = 1e-6;

    private SeriesScaling(Tensor mean, Tensor deviation)
    {
        Mean = mean;
        Deviation = deviation;
    }

    /// <summary>Per channel [C].</summary>
    public Tensor Mean { get; }

    /// <summary>Per channel [C], at least <see cref="SmallestDeviation"/>.</summary>
    public Tensor Deviation { get; }

    /// <summary>The scaling of <paramref name="series"/> ([T, C], T at least 2).</summary>
    public static SeriesScaling Of(Tensor series)
    {
        using var scope = torch.NewDisposeScope();
        var mean = series.mean([0]);
        var deviation = series.std(0).AtLeast(SmallestDeviation);
        return new SeriesScaling(mean.DetachFromDisposeScope(), deviation.DetachFromDisposeScope());
    }

    /// <summary>(values - mean) / deviation, per channel (the last dimension).</summary>
    public Tensor Standardise(Tensor values)
    {
        using var centred = values.Minus(Mean);
        return centred.div(Deviation);
    }

    /// <summary>The inverse of <see cref="Standardise"/>: back to the data's units.</summary>
    public Tensor Restore(Tensor standardised)
    {
        using var scaled = standardised.mul(Deviation);
        return scaled.Plus(Mean);
    }

    public void Dispose()
    {
        Mean.Dispose();
        Deviation.Dispose();
    }
}
