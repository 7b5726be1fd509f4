using Experiments.Contracts.Parameters;
using Experiments.Datasets.Tests.Support;
using Experiments.Testing;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>A folder of CIFAR-10 batches (written by the test in the real format): dcgan and wgan-gp train on 3x32x32; the others say why not.</summary>
public sealed class Cifar10TrainingTests
{
    [Theory]
    [InlineData("dcgan")]
    [InlineData("wgan-gp")]
    public async Task A_gan_trains_on_colour_images_and_writes_rgb_grids_and_n_by_3_by_32_by_32_samples(string model)
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path, perBatch: 4, test: 3);
        var observer = new RecordingObserver();
        var request = new TrainingRequest(model, folder.Path, new Dictionary<string, ParameterValue> { ["batch_size"] = ParameterValue.Int(5), ["base_channels"] = ParameterValue.Int(8) }, Epochs: 1, Seed: 3)
        {
            Device = "cpu",
            CheckpointEvery = 0,
        };

        var result = await new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

        Assert.Equal(4, result.Steps);
        Assert.True(double.IsFinite(result.FinalMetrics["fd_pixels"]), $"fd_pixels {result.FinalMetrics["fd_pixels"]}");
        // The MNIST classifier reads 1x28x28 digits only: colour images get no inception_score or fid.
        Assert.DoesNotContain("inception_score", result.FinalMetrics.Keys);
        Assert.DoesNotContain("fid", result.FinalMetrics.Keys);
        var (shape, values) = NpyReader.Float32(observer.Artifacts["samples/epoch-001.npy"]);
        Assert.Equal([1_000L, 3, 32, 32], shape);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        var png = PngInspector.Decode(observer.Artifacts["samples/epoch-001.png"]);
        // 8 x 8 tiles of 32 pixels with 2-pixel gaps, RGB.
        Assert.Equal((274, 274, 8, 2), (png.Width, png.Height, png.BitDepth, png.ColourType));
    }

    [Theory]
    [InlineData("vae", "it holds 3x32x32 images; the vae model trains on 1x28x28 images")]
    [InlineData("infogan", "it holds 3x32x32 images; the infogan model trains on 1x28x28 images or the 2-D points of a Gaussian mixture (ring8, grid25)")]
    [InlineData("cgan", "it holds 3x32x32 images; the cgan model trains on labelled 1x28x28 images or the 2-D points of a Gaussian mixture (ring8, grid25)")]
    public async Task Families_built_for_digits_decline_colour_images_in_one_sentence(string model, string reason)
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path);
        var request = new TrainingRequest(model, folder.Path, new Dictionary<string, ParameterValue>(), Epochs: 1, Seed: 3) { Device = "cpu" };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal($"Dataset '{folder.Path}' does not suit model '{model}': {reason}.", error.Message);
    }
}
