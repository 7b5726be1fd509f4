using Experiments.Contracts.Parameters;
using Experiments.Datasets.Tests.Support;
using Experiments.Testing;
using Experiments.Training.Datasets;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>
/// The autoencoder on CPU with fixed seeds: it learns, denoising and sparsity change what it trains on, it shows its
/// reconstructions (and noisy inputs), and with an anomaly class it trains without that class and scores it.
/// </summary>
public sealed class AutoencoderTests
{
    private const int Side = 28;
    private const int Gap = 2; // ImageGrid's gap between tiles
    private const int TrainImages = 640;
    private const int BatchSize = 64;

    [Fact]
    public async Task The_held_out_reconstruction_error_falls_over_three_epochs_and_each_epoch_shows_its_reconstructions()
    {
        var observer = new RecordingObserver();

        await Train(Request(epochs: 3), observer);

        var reconstruction = observer.Epochs.Select(e => e.Metrics["reconstruction"]).ToList();
        var mse = observer.Epochs.Select(e => e.Metrics["mse"]).ToList();
        Assert.True(reconstruction[2] < reconstruction[0], $"reconstruction by epoch: {string.Join(", ", reconstruction)}");
        Assert.True(mse[2] < mse[0], $"mse by epoch: {string.Join(", ", mse)}");
        Assert.Equal(["reconstructions/epoch-001.png", "reconstructions/epoch-002.png", "reconstructions/epoch-003.png"], observer.FamilyArtifactPaths);
        // 32 held-out digits in rows of 8, each row followed by its reconstructions: 8 rows.
        var grid = PngInspector.Decode(observer.Artifacts["reconstructions/epoch-003.png"]);
        Assert.Equal((Grid(8), Grid(8), 0), (grid.Width, grid.Height, grid.ColourType));
    }

    [Fact]
    public async Task Denoising_and_sparsity_each_change_training_and_denoising_shows_the_noisy_inputs()
    {
        var plain = new RecordingObserver();
        var denoising = new RecordingObserver();
        var sparse = new RecordingObserver();

        await Train(Request(epochs: 1), plain);
        await Train(Request(epochs: 1, ("denoising", ParameterValue.Float(0.3))), denoising);
        await Train(Request(epochs: 1, ("sparsity", ParameterValue.Float(0.5))), sparse);

        var plainMetrics = plain.Epochs.Single().Metrics;
        Assert.NotEqual(plainMetrics["train_loss"], denoising.Epochs.Single().Metrics["train_loss"]);
        Assert.NotEqual(plainMetrics["reconstruction"], denoising.Epochs.Single().Metrics["reconstruction"]);
        Assert.NotEqual(plainMetrics["train_loss"], sparse.Epochs.Single().Metrics["train_loss"]);
        Assert.NotEqual(plainMetrics["reconstruction"], sparse.Epochs.Single().Metrics["reconstruction"]);

        // The penalty is in the loss: the sparse run's training loss exceeds its own reconstruction term by 0.5 x the code's L1 norm.
        var (_, step) = sparse.Steps.Last();
        Assert.Equal(step["train_reconstruction"] + (0.5 * step["train_code_l1"]), step["train_loss"], 3);

        Assert.DoesNotContain("denoising/epoch-001.png", plain.Artifacts.Keys);
        // Clean digits, their noisy versions and the network's reconstructions of those: 3 rows per row of 8.
        var grid = PngInspector.Decode(denoising.Artifacts["denoising/epoch-001.png"]);
        Assert.Equal((Grid(8), Grid(12)), (grid.Width, grid.Height));
    }

    [Fact]
    public async Task An_anomaly_class_is_left_out_of_training_and_scored_above_chance()
    {
        const int anomaly = 0;
        using (var data = new DatasetResolver().Load("mnist"))
        {
            var left = data.TrainLabels!.Take(TrainImages).Count(label => label != anomaly);
            var observer = new RecordingObserver();

            var result = await Train(Request(epochs: 2, ("anomaly_class", ParameterValue.Int(anomaly))), observer);

            // The loop drops each epoch's last, smaller batch: steps count only the normal digits.
            Assert.Equal(2 * (left / BatchSize), result.Steps);
            Assert.True(left / BatchSize < TrainImages / BatchSize);
        }

        var scored = new RecordingObserver();
        await Train(Request(epochs: 2, ("anomaly_class", ParameterValue.Int(anomaly))), scored);

        // Zeros are large digits an autoencoder of the other nine reconstructs badly.
        var auroc = scored.Epochs.Last().Metrics["anomaly_auroc"];
        Assert.True(auroc > 0.6, $"anomaly_auroc {auroc}");
        Assert.Contains("anomaly/scores-epoch-002.png", scored.Artifacts.Keys);
    }

    [Fact]
    public async Task An_anomaly_class_on_a_data_set_without_labels_is_refused_at_the_start_naming_anomaly_class()
    {
        using var folder = new TemporaryFolder();
        var pixels = new byte[300 * Side * Side];
        new Random(3).NextBytes(pixels);
        IdxTestFiles.WriteImages(folder.File("unlabelled-images-idx3-ubyte"), pixels, 300, Side, Side);
        var request = Request(epochs: 1, ("anomaly_class", ParameterValue.Int(3))) with { Dataset = folder.Path };
        var observer = new RecordingObserver();

        var error = await Assert.ThrowsAsync<TrainingParameterException>(() => Train(request, observer));

        Assert.Equal("anomaly_class", error.ParameterName);
        Assert.Contains("labels", error.Message, StringComparison.Ordinal);
        Assert.Empty(observer.Epochs);
    }

    private static int Grid(int tiles) => (tiles * Side) + ((tiles + 1) * Gap);

    private static Task<TrainingResult> Train(TrainingRequest request, RecordingObserver observer) =>
        new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

    private static TrainingRequest Request(int epochs, params (string Name, ParameterValue Value)[] settings)
    {
        var parameters = new Dictionary<string, ParameterValue>
        {
            ["base_channels"] = ParameterValue.Int(8),
            ["batch_size"] = ParameterValue.Int(BatchSize),
            ["learning_rate"] = ParameterValue.Float(0.005),
        };
        foreach (var (name, value) in settings)
        {
            parameters[name] = value;
        }

        return new TrainingRequest("autoencoder", "mnist", parameters, epochs, Seed: 21)
        {
            Device = "cpu",
            MaxTrainImages = TrainImages,
            LogEveryNSteps = 3,
        };
    }
}
