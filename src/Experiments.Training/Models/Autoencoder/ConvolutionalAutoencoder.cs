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
    public const int ImageSide = 28;
    private const int FeatureSide = ImageSide / 4;

    private readonly int baseChannels;

    // Submodules are fields so RegisterComponents() finds them (TorchSharp convention).
    private readonly Sequential encoder;
    private readonly Linear fromCode;
    private readonly Sequential decoder;

    public ConvolutionalAutoencoder(int codeDim, int baseChannels)
        : base(nameof(ConvolutionalAutoencoder))
    {
        this.baseChannels = baseChannels;
        var features = 2L * baseChannels * FeatureSide * FeatureSide;

        encoder = Sequential(
            ("conv1", Conv2d(1, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("relu1", ReLU()),
            ("conv2", Conv2d(baseChannels, 2 * baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("relu2", ReLU()),
            ("flatten", Flatten()),
            ("code", Linear(features, codeDim)));
        fromCode = Linear(codeDim, features);
        decoder = Sequential(
            ("deconv1", ConvTranspose2d(2 * baseChannels, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("relu3", ReLU()),
            ("deconv2", ConvTranspose2d(baseChannels, 1, kernel_size: 4, stride: 2, padding: 1)));
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
