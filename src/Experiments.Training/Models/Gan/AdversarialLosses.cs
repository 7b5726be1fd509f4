using Experiments.Training.Engine.Scalars;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// The bookkeeping GAN runs share: the epoch's generator loss goes into the loop's total (its <c>train_loss</c>), the
/// discriminator's into a total of its own (<c>train_d_loss</c>), both summed on the device so no step waits for it.
/// </summary>
internal sealed class AdversarialLosses(Device device) : IDisposable
{
    private readonly Tensor discriminatorTotal = zeros(1, ScalarType.Float64, device);
    private long examples;

    public void Add(Tensor loopTotal, Tensor generatorLoss, Tensor discriminatorLoss, long size)
    {
        loopTotal.AddScaled_(generatorLoss.detach().to(ScalarType.Float64), size);
        discriminatorTotal.AddScaled_(discriminatorLoss.detach().to(ScalarType.Float64), size);
        examples += size;
    }

    /// <summary>The mean discriminator loss since the last call (one device sync), then starts the next epoch's total.</summary>
    public double TakeDiscriminatorMean()
    {
        var mean = discriminatorTotal.item<double>() / Math.Max(1, examples);
        discriminatorTotal.zero_();
        examples = 0;
        return mean;
    }

    /// <summary>The step metrics of a BCE GAN (reads values back: logged steps only).</summary>
    public static Dictionary<string, double> StepMetrics(Tensor discriminatorLoss, Tensor generatorLoss, Tensor realLogits, Tensor fakeLogits) => new(StringComparer.Ordinal)
    {
        ["d_loss"] = discriminatorLoss.item<float>(),
        ["g_loss"] = generatorLoss.item<float>(),
        ["d_real"] = realLogits.sigmoid().mean().item<float>(),
        ["d_fake"] = fakeLogits.sigmoid().mean().item<float>(),
    };

    public void Dispose() => discriminatorTotal.Dispose();
}
