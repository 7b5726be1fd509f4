using Experiments.Training.Models.Convolutional;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Autoencoder;

/// <summary>
/// Convolutional autoencoder for 1x28x28 images. Encoder: conv(1→c,4,s2,p1)+ReLU → conv(c→2c,4,s2,p1)+ReLU → flatten
/// → linear to the code. Decoder: linear → 2c×7×7 → convT(2c→c,4,s2,p1)+ReLU → convT(c→1,4,s2,p1), giving Bernoulli
/// logits per pixel. The same shapes as the VAE's networks, with one deterministic code instead of q(z|x).
/// </summary>
internal sealed class ConvolutionalAutoencoder : Module<Tensor, Tensor>
{
    public const int ImageSide = DigitConvolutions.ImageSide;
    private const int FeatureSide = DigitConvolutions.FeatureSide;

    private readonly int baseChannels;

    // Submodules are fields so RegisterComponents() finds them (TorchSharp convention).
    private readonly Sequential encoder;
    private readonly Linear fromCode;
    private readonly Sequential decoder;

    public ConvolutionalAutoencoder(int codeDim, int baseChannels)
        : base(nameof(ConvolutionalAutoencoder))
    {
        this.baseChannels = baseChannels;
        var features = DigitConvolutions.Features(baseChannels);

        encoder = Sequential([.. DigitConvolutions.EncoderLayers(baseChannels), ("code", Linear(features, codeDim))]);
        fromCode = Linear(codeDim, features);
        decoder = DigitConvolutions.Decoder(baseChannels);
        RegisterComponents();
    }

    /// <summary>Maps images [N, 1, 28, 28] to codes [N, code_dim].</summary>
    public Tensor Encode(Tensor images) => encoder.call(images);

    /// <summary>Maps codes [N, code_dim] to pixel logits [N, 1, 28, 28].</summary>
    public Tensor Decode(Tensor code)
    {
        var features = fromCode.call(code).view(-1, 2 * baseChannels, FeatureSide, FeatureSide);
        return decoder.call(features);
    }

    /// <summary>Pixel logits of the reconstruction of <paramref name="input"/>.</summary>
    public override Tensor forward(Tensor input) => Decode(Encode(input));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            fromCode.Dispose();
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }
}
