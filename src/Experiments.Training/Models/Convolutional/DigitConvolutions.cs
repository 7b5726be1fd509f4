using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Convolutional;

/// <summary>
/// The convolution stacks the VAE and the autoencoder share for 1x28x28 images: two stride-2 convolutions down to
/// 2c x 7 x 7 features (c = base_channels), and two transposed convolutions back up to pixel logits. The layer names
/// are part of the checkpoints and of model.safetensors, so they stay as they are.
/// </summary>
internal static class DigitConvolutions
{
    public const int ImageSide = 28;

    /// <summary>Side of the feature maps between the stacks.</summary>
    public const int FeatureSide = ImageSide / 4;

    /// <summary>Numbers in the flattened features: 2c x 7 x 7.</summary>
    public static long Features(int baseChannels) => 2L * baseChannels * FeatureSide * FeatureSide;

    /// <summary>conv(1→c,4,s2,p1)+ReLU → conv(c→2c,4,s2,p1)+ReLU → flatten.</summary>
    public static (string Name, Module<Tensor, Tensor> Layer)[] EncoderLayers(int baseChannels) =>
    [
        ("conv1", Conv2d(1, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
        ("relu1", ReLU()),
        ("conv2", Conv2d(baseChannels, 2 * baseChannels, kernel_size: 4, stride: 2, padding: 1)),
        ("relu2", ReLU()),
        ("flatten", Flatten()),
    ];

    /// <summary>convT(2c→c,4,s2,p1)+ReLU → convT(c→1,4,s2,p1): features [N, 2c, 7, 7] to pixel logits [N, 1, 28, 28].</summary>
    public static Sequential Decoder(int baseChannels) => Sequential(
        ("deconv1", ConvTranspose2d(2 * baseChannels, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
        ("relu3", ReLU()),
        ("deconv2", ConvTranspose2d(baseChannels, 1, kernel_size: 4, stride: 2, padding: 1)));
}
