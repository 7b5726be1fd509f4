using Experiments.Contracts.Parameters;
using Experiments.Testing;
using Experiments.Datasets.Tests.Support;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>The class-conditional GAN: it learns, its samples say which class they are, and it refuses data without labels.</summary>
public sealed class CganTests
{
    private const int Side = 28;
    private const int Gap = 2; // ImageGrid's gap between tiles

    [Fact]
    public async Task It_learns_and_shows_one_row_per_class_with_labelled_class_balanced_samples()
    {
        var observer = new RecordingObserver();
        var request = new TrainingRequest("cgan", "mnist", new Dictionary<string, ParameterValue> { ["base_channels"] = ParameterValue.Int(16) }, Epochs: 3, Seed: 13)
        {
            Device = "cpu",
            MaxTrainImages = 2_048,
            LogEveryNSteps = 8,
        };

        await new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var distances = observer.Epochs.Select(e => e.Metrics["fd_pixels"]).ToList();
        Assert.True(distances[2] < distances[0] * 0.8, $"fd_pixels by epoch: {string.Join(", ", distances)}");
        var (width, height, _, _, _) = PngInspector.Decode(observer.Artifacts["samples/epoch-003.png"]);
        Assert.Equal((8 * Side) + (9 * Gap), width);
        Assert.Equal((10 * Side) + (11 * Gap), height); // ten classes, one row each
        var (shape, labels) = NpyReader.Int64(observer.Artifacts["samples/epoch-003-labels.npy"]);
        Assert.Equal([1000L], shape);
        Assert.All(labels.CountBy(label => label), count => Assert.Equal(100, count.Value));
        Assert.Equal([1000L, 1, Side, Side], NpyReader.Float32(observer.Artifacts["samples/epoch-003.npy"]).Shape);
    }

    [Fact]
    public async Task A_data_set_without_labels_is_refused_before_training_naming_what_is_missing()
    {
        using var folder = new TemporaryFolder();
        var pixels = new byte[300 * Side * Side];
        new Random(3).NextBytes(pixels);
        IdxTestFiles.WriteImages(folder.File("unlabelled-images-idx3-ubyte"), pixels, 300, Side, Side);
        var request = new TrainingRequest("cgan", folder.Path, new Dictionary<string, ParameterValue>(), Epochs: 1, Seed: 1) { Device = "cpu" };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("dataset", error.ParameterName);
        Assert.Contains("labels", error.Message, StringComparison.Ordinal);
    }
}
