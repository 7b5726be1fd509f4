using Experiments.Training.Engine.Scalars;
using Experiments.Training.Models.Convolutional;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Vae;

/// <summary>
/// Convolutional VAE for 1x28x28 images. Encoder: conv(1→c,4,s2,p1)+ReLU → conv(c→2c,4,s2,p1)+ReLU →
/// flatten → linear heads for the mean and log-variance of q(z|x). Decoder: linear → 2c×7×7 →
/// convT(2c→c,4,s2,p1)+ReLU → convT(c→1,4,s2,p1), giving Bernoulli logits per pixel.
/// </summary>
internal sealed class ConvolutionalVae : Module<Tensor, VaeOutput>
{
    public const int ImageSide = DigitConvolutions.ImageSide;
    private const int FeatureSide = DigitConvolutions.FeatureSide;

    private readonly int baseChannels;

    // Submodules are fields so RegisterComponents() finds them (TorchSharp convention).
    private readonly Sequential encoder;
    private readonly Linear toMean;
    private readonly Linear toLogVariance;
    private readonly Linear fromLatent;
    private readonly Sequential decoder;

    public ConvolutionalVae(int latentDim, int baseChannels)
        : base(nameof(ConvolutionalVae))
    {
        this.baseChannels = baseChannels;
        LatentDim = latentDim;
        var features = DigitConvolutions.Features(baseChannels);

        encoder = Sequential(DigitConvolutions.EncoderLayers(baseChannels));
        toMean = Linear(features, latentDim);
        toLogVariance = Linear(features, latentDim);
        fromLatent = Linear(latentDim, features);
        decoder = DigitConvolutions.Decoder(baseChannels);
        RegisterComponents();
    }

    public int LatentDim { get; }

    /// <summary>Encodes, samples z = mu + eps * exp(0.5 logvar) with eps from <paramref name="noise"/>, decodes.</summary>
    public VaeOutput Forward(Tensor images, Generator? noise)
    {
        var features = encoder.call(images);
        var mean = toMean.call(features);
        var logVariance = toLogVariance.call(features);
        var epsilon = randn(mean.shape, dtype: mean.dtype, device: mean.device, generator: noise);
        var latent = mean.Plus(epsilon * logVariance.Times(0.5).exp());
        return new VaeOutput(Decode(latent), mean, logVariance);
    }

    public override VaeOutput forward(Tensor input) => Forward(input, noise: null);

    /// <summary>Maps latent codes [N, latent_dim] to pixel logits [N, 1, 28, 28].</summary>
    public Tensor Decode(Tensor latent)
    {
        var features = fromLatent.call(latent).view(-1, 2 * baseChannels, FeatureSide, FeatureSide);
        return decoder.call(features);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            toMean.Dispose();
            toLogVariance.Dispose();
            fromLatent.Dispose();
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }
}
