using System.IO.Compression;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Bench;

/// <summary>
/// The baseline's model: the same architecture as the product's ConvolutionalVae (internal to
/// Experiments.Training), written out compactly. Encoder conv(1→c,4,s2,p1)+ReLU → conv(c→2c,4,s2,p1)+ReLU →
/// flatten → linear mean / log-variance heads; decoder linear → 2c×7×7 → convT(2c→c)+ReLU → convT(c→1) logits.
/// </summary>
internal sealed class BareVae : Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVariance)>
{
    private readonly int channels;
    private readonly Sequential encoder;
    private readonly Linear toMean;
    private readonly Linear toLogVariance;
    private readonly Linear fromLatent;
    private readonly Sequential decoder;

    public BareVae(int latentDim, int channels)
        : base(nameof(BareVae))
    {
        this.channels = channels;
        var features = 2L * channels * 7 * 7;
        encoder = Sequential(
            Conv2d(1, channels, kernel_size: 4, stride: 2, padding: 1), ReLU(),
            Conv2d(channels, 2 * channels, kernel_size: 4, stride: 2, padding: 1), ReLU(),
            Flatten());
        toMean = Linear(features, latentDim);
        toLogVariance = Linear(features, latentDim);
        fromLatent = Linear(latentDim, features);
        decoder = Sequential(
            ConvTranspose2d(2 * channels, channels, kernel_size: 4, stride: 2, padding: 1), ReLU(),
            ConvTranspose2d(channels, 1, kernel_size: 4, stride: 2, padding: 1));
        RegisterComponents();
    }

    public override (Tensor Logits, Tensor Mean, Tensor LogVariance) forward(Tensor input)
    {
        var features = encoder.call(input);
        var mean = toMean.call(features);
        var logVariance = toLogVariance.call(features);
        var latent = mean + randn_like(mean) * (0.5 * logVariance).exp();
        var logits = decoder.call(fromLatent.call(latent).view(-1, 2 * channels, 7, 7));
        return (logits, mean, logVariance);
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

/// <summary>Reads the shipped digits (data/mnist) and makes the same 9,000 / 1,000 split as the product.</summary>
internal static class ShippedDigits
{
    // Same constants as Experiments.Training's DatasetResolver (single-file split).
    private const int SplitSeed = 28_061_998;
    private const double HeldOutFraction = 0.1;

    public static string ImagesFile => Path.Combine(AppContext.BaseDirectory, "data", "mnist", "mnist-10k-images-idx3-ubyte.gz");

    /// <summary>The training split as float [N, 1, 28, 28] in [0, 1].</summary>
    public static Tensor LoadTrainSplit()
    {
        using var file = File.OpenRead(ImagesFile);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        var count = ReadBigEndian(bytes, 4);
        var rows = ReadBigEndian(bytes, 8);
        var columns = ReadBigEndian(bytes, 12);
        var perImage = rows * columns;

        var order = Enumerable.Range(0, count).ToArray();
        new Random(SplitSeed).Shuffle(order);
        var heldOut = Math.Max(1, (int)Math.Round(count * HeldOutFraction));
        var train = order[heldOut..];
        var values = new float[(long)train.Length * perImage];
        for (var i = 0; i < train.Length; i++)
        {
            for (var p = 0; p < perImage; p++)
            {
                values[(i * perImage) + p] = bytes[16 + (train[i] * perImage) + p] / 255f;
            }
        }

        return torch.tensor(values, [train.Length, 1, rows, columns]);
    }

    private static int ReadBigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
