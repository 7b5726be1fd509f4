using Experiments.Contracts.Parameters;
using Experiments.Datasets.Mixtures;
using Experiments.Training.Imaging;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>GAN families on ring8 and grid25: MLP networks, mode metrics, scatter plots and N x 2 samples.</summary>
public sealed class MixtureTrainingTests
{
    private static ModelTrainer Trainer() => new(new TestOutputLogger<ModelTrainer>());

    [Fact]
    public async Task A_dcgan_on_ring8_learns_to_put_its_samples_on_the_modes_and_reports_the_mode_metrics()
    {
        var observer = new RecordingObserver();
        var request = new TrainingRequest(
            "dcgan",
            "ring8",
            new Dictionary<string, ParameterValue>
            {
                ["latent_dim"] = ParameterValue.Int(2),
                ["batch_size"] = ParameterValue.Int(256),
                ["learning_rate_g"] = ParameterValue.Float(1e-3),
                ["learning_rate_d"] = ParameterValue.Float(1e-3),
            },
            Epochs: 8,
            Seed: 2)
        {
            Device = "cpu",
            MaxTrainImages = 64_000,
            LogEveryNSteps = 50,
            CheckpointEvery = 0,
        };

        await Trainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var epochs = observer.Epochs.ToList();
        Assert.Equal(8, epochs.Count);
        Assert.All(epochs, e => Assert.Equal(["d_fake", "d_real", "high_quality_fraction", "modes_captured", "train_d_loss", "train_loss"], e.Metrics.Keys.Order()));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", epochs.Select(e => $"epoch {e.Epoch}: {e.Metrics["modes_captured"]} modes, {e.Metrics["high_quality_fraction"]:P1} high quality")));

        // An untrained generator puts everything near one point: no mode. GAN training swings from epoch to epoch, but
        // within 2,000 steps some epoch has (nearly) every mode with at least half the samples within 3 standard deviations.
        Assert.Contains(epochs, e => e.Metrics["modes_captured"] >= 7 && e.Metrics["high_quality_fraction"] >= 0.5);
        Assert.True(epochs[0].Metrics["high_quality_fraction"] < 0.5, $"epoch 1 already had {epochs[0].Metrics["high_quality_fraction"]:P1} of high quality");
    }

    [Theory]
    [InlineData("dcgan", "grid25")]
    [InlineData("wgan-gp", "ring8")]
    [InlineData("infogan", "ring8")]
    [InlineData("cgan", "grid25")]
    public async Task Every_gan_family_writes_2500_samples_as_n_by_2_float32_and_a_scatter_plot_per_epoch(string model, string dataset)
    {
        var observer = new RecordingObserver();
        var request = new TrainingRequest(model, dataset, new Dictionary<string, ParameterValue>(), Epochs: 2, Seed: 5)
        {
            Device = "cpu",
            MaxTrainImages = 640,
            CheckpointEvery = 0,
        };

        await Trainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        foreach (var epoch in new[] { "001", "002" })
        {
            var (shape, values) = NpyReader.Float32(observer.Artifacts[$"samples/epoch-{epoch}.npy"]);
            Assert.Equal([2_500L, 2], shape);
            Assert.All(values, v => Assert.True(float.IsFinite(v)));

            var png = PngInspector.Decode(observer.Artifacts[$"samples/epoch-{epoch}.png"]);
            Assert.Equal((ScatterPlot.Side, ScatterPlot.Side, 8, 2), (png.Width, png.Height, png.BitDepth, png.ColourType));
        }

        Assert.All(observer.Epochs, e => Assert.InRange(e.Metrics["modes_captured"], 0, dataset == "ring8" ? 8 : 25));
    }

    [Fact]
    public async Task The_vae_declines_points_in_one_sentence_before_training()
    {
        var request = new TrainingRequest("vae", "ring8", new Dictionary<string, ParameterValue>(), Epochs: 1, Seed: 1) { Device = "cpu" };
        var observer = new RecordingObserver();

        var error = await Assert.ThrowsAsync<TrainingParameterException>(() => Trainer().TrainAsync(request, observer, TestContext.Current.CancellationToken));

        Assert.Equal("dataset", error.ParameterName);
        Assert.Equal("Dataset 'ring8' does not suit model 'vae': it holds 2-D points; the vae model trains on 1x28x28 images.", error.Message);
        Assert.Empty(observer.Epochs);
    }

    [Fact]
    public void The_scatter_plot_draws_the_modes_three_standard_deviations_wide_and_each_sample_as_a_dot()
    {
        var ring = GaussianMixture.Ring(8, radius: 1, standardDeviation: 0.01);
        var diagonal = (float)Math.Sqrt(0.5);
        float[] samples = [diagonal, diagonal, 0.5f, 0.5f, 40, 0.2f]; // on mode 1, between modes, far off to the right

        var png = PngInspector.Decode(PngEncoder.EncodeRgb8(ScatterPlot.Draw(ring, samples), ScatterPlot.Side, ScatterPlot.Side));

        // The view spans the ring and half its width again each side, plus 6 standard deviations: 399 / 3.12 px per unit.
        const double scale = (ScatterPlot.Side - 1) / 3.12;
        (byte R, byte G, byte B) At(int column, int row)
        {
            var offset = ((row * png.Width) + column) * 3;
            return (png.Pixels[offset], png.Pixels[offset + 1], png.Pixels[offset + 2]);
        }

        (byte R, byte G, byte B) Pixel(double x, double y) => At((int)Math.Round((x + 1.56) * scale), (int)Math.Round((1.56 - y) * scale));

        var (sample, mode, ground, axis) = (((byte)20, (byte)40, (byte)140), ((byte)250, (byte)175, (byte)175), ((byte)255, (byte)255, (byte)255), ((byte)215, (byte)215, (byte)215));
        Assert.Equal(sample, Pixel(diagonal, diagonal));               // the sample on mode 1
        Assert.Equal(mode, Pixel(0, 1));                               // mode 2's disc, no sample
        Assert.Equal(mode, Pixel(-1 + 0.025, 0));                      // within 3 standard deviations of mode 4
        Assert.Equal(ground, Pixel(-1 + 0.045, 0.3));                  // open ground
        Assert.Equal(sample, Pixel(0.5, 0.5));                         // the sample between modes
        Assert.Equal(sample, Pixel(1.56, 0.2));                        // the far sample, on the border
        Assert.Contains(axis, new[] { At(199, 300), At(200, 300) });   // the vertical axis through x = 0
    }
}
