using Experiments.Contracts.Models;
using Experiments.Datasets;
using Experiments.Training.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

public sealed class ModelTrainerTests
{
    private static readonly IReadOnlyDictionary<string, ParameterValue> NoParameters = new Dictionary<string, ParameterValue>();

    private static ModelTrainer CreateTrainer() => new(new TestOutputLogger<ModelTrainer>());

    /// <summary>A quick run: a small network on a subset of the shipped digits.</summary>
    private static TrainingRequest SmallRequest(long seed = 7, int epochs = 1, int maxTrainImages = 512) => new(
        "vae",
        "mnist",
        new Dictionary<string, ParameterValue>
        {
            ["base_channels"] = ParameterValue.Int(8),
            ["latent_dim"] = ParameterValue.Int(4),
        },
        epochs,
        seed)
    {
        Device = "cpu",
        MaxTrainImages = maxTrainImages,
        LogEveryNSteps = 1,
    };

    [Fact]
    public async Task Held_out_loss_falls_while_training_on_real_digits()
    {
        var request = new TrainingRequest("vae", "mnist", new Dictionary<string, ParameterValue>(), Epochs: 2, Seed: 42)
        {
            Device = "cpu",
            MaxTrainImages = 3_200,
            LogEveryNSteps = 10,
        };
        var observer = new RecordingObserver();

        var result = await CreateTrainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var epochs = observer.Epochs.ToArray();
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Equal([50L, 100L], epochs.Select(e => e.Step));
        var first = epochs[0].Metrics["loss"];
        var second = epochs[1].Metrics["loss"];
        TestContext.Current.TestOutputHelper?.WriteLine($"held-out loss: epoch 1 {first:F1}, epoch 2 {second:F1} nats; {result.Steps / result.Duration.TotalSeconds:F1} steps/s overall");
        Assert.True(second < first, $"epoch 2 loss {second} should be below epoch 1 loss {first}");
        Assert.True(second < 300, $"epoch 2 loss {second} should be far below the ~543 nats of an untrained model");
        Assert.Equal(-(epochs[1].Metrics["reconstruction"] + epochs[1].Metrics["kl"]), epochs[1].Metrics["elbo"], precision: 6);
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Equal(100, result.Steps);
        Assert.Equal(epochs[1].Metrics, result.FinalMetrics);
        Assert.Equal(10, observer.Steps.Count);
        Assert.All(observer.Steps, s => Assert.Equal(["train_kl", "train_loss", "train_reconstruction"], s.Metrics.Keys.Order()));
    }

    [Fact]
    public async Task Same_seed_gives_identical_metrics_and_another_seed_does_not()
    {
        var trainer = CreateTrainer();
        var cancellationToken = TestContext.Current.CancellationToken;

        var first = await trainer.TrainAsync(SmallRequest(seed: 11), new RecordingObserver(), cancellationToken);
        var again = await trainer.TrainAsync(SmallRequest(seed: 11), new RecordingObserver(), cancellationToken);
        var other = await trainer.TrainAsync(SmallRequest(seed: 12), new RecordingObserver(), cancellationToken);

        Assert.Equal(first.FinalMetrics, again.FinalMetrics);
        Assert.NotEqual(first.FinalMetrics["loss"], other.FinalMetrics["loss"]);
    }

    [Fact]
    public async Task Cancellation_stops_within_one_step()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        const long cancelAtStep = 3;
        var observer = new RecordingObserver(step =>
        {
            if (step == cancelAtStep)
            {
                cancellation.Cancel();
            }
        });
        var request = SmallRequest(epochs: 50, maxTrainImages: 5_000);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateTrainer().TrainAsync(request, observer, cancellation.Token));

        Assert.Equal(cancelAtStep, observer.Steps.Max(s => s.Step));
        Assert.Empty(observer.Epochs);
    }

    [Fact]
    public async Task Already_cancelled_token_throws_before_training()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CreateTrainer().TrainAsync(SmallRequest(), new RecordingObserver(), cancellation.Token));
    }

    [Theory]
    [InlineData("dropout", 0.5, "dropout")]
    [InlineData("beta", 200.0, "[0, 100]")]
    [InlineData("learning_rate", 0.0, "[1E-07, 1]")]
    [InlineData("batch_size", 0.0, "[1, 4096]")]
    [InlineData("latent_dim", 2.5, "an integer")]
    public async Task Invalid_hyperparameters_are_rejected_naming_the_parameter(string name, double value, string allowed)
    {
        var request = SmallRequest() with
        {
            Parameters = new Dictionary<string, ParameterValue> { [name] = ParameterValue.Float(value) },
        };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => CreateTrainer().TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal(name, error.ParameterName);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_value_for_a_numeric_hyperparameter_is_rejected()
    {
        var request = SmallRequest() with
        {
            Parameters = new Dictionary<string, ParameterValue> { ["beta"] = ParameterValue.Of("high") },
        };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => CreateTrainer().TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("beta", error.ParameterName);
        Assert.Contains("a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_rejected_listing_the_known_ones()
    {
        var request = SmallRequest() with { Model = "gan", Parameters = NoParameters };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => CreateTrainer().TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("model", error.ParameterName);
        Assert.Contains("'gan'", error.Message, StringComparison.Ordinal);
        Assert.Contains("vae", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every registered trained family with every data set its descriptor names (computed models have their own tests).</summary>
    public static TheoryData<string, string> RegisteredModelsAndDatasets() =>
        new(ModelFamilies.All.Select(family => family.Descriptor).SelectMany(model => model.Datasets.Select(dataset => (model.Name, dataset))));

    /// <summary>
    /// Conformance: every registered family trains with its catalog defaults on every data set it names and reports
    /// exactly its catalog metrics for that kind of data.
    /// </summary>
    [Theory]
    [MemberData(nameof(RegisteredModelsAndDatasets))]
    public async Task Every_registered_model_trains_with_its_defaults_and_reports_every_catalog_metric(string name, string dataset)
    {
        var model = ModelFamilies.Catalog.Find(name)!;
        var kind = DataSources.FindBuiltIn(dataset)!.Shape.Kind;
        var defaults = model.Hyperparameters.ToDictionary(h => h.Name, h => h.Default);
        var request = new TrainingRequest(name, dataset, defaults, Epochs: 1, Seed: 3)
        {
            Device = "cpu",

            // Text: a few windows of the default length (a stream is cut into batch_size streams); a series: all of it.
            MaxTrainImages = kind switch { DataKind.Text => 8_320, DataKind.Series => null, _ => 256 },
        };
        var observer = new RecordingObserver();

        var result = await CreateTrainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var (epoch, _, metrics) = Assert.Single(observer.Epochs);
        Assert.Equal(1, epoch);
        // With the defaults, metrics reported only when a hyperparameter is set (anomaly detection) are not.
        var expected = model.MetricsFor(kind).Where(m => m.OnlyWith is null).Select(m => m.Name).Order().ToList();
        Assert.Equal(expected, metrics.Keys.Order());
        Assert.Equal(expected, result.FinalMetrics.Keys.Order());
        Assert.All(metrics.Values, value => Assert.True(double.IsFinite(value)));
        if (kind is DataKind.Images or DataKind.Points)
        {
            Assert.Equal(256 / defaults["batch_size"].AsInt64(), result.Steps);
        }
        else
        {
            Assert.True(result.Steps > 0, $"{name} on {dataset} trained no step");
        }
        Assert.NotEmpty(observer.Artifacts);
    }

    [Fact]
    public void Every_catalog_metric_is_reported_on_some_data_set_its_model_names_and_every_name_is_a_built_in_source()
    {
        foreach (var model in ModelFamilies.All.Select(family => family.Descriptor))
        {
            var kinds = model.Datasets.Select(dataset => DataSources.FindBuiltIn(dataset)?.Shape.Kind ?? throw new InvalidOperationException($"{model.Name} names '{dataset}'")).ToHashSet();
            Assert.All(model.Metrics, metric => Assert.Contains(kinds, metric.IsReportedOn));
        }
    }

    [Fact]
    public async Task Sample_and_reconstruction_grids_are_valid_pngs()
    {
        var observer = new RecordingObserver();

        await CreateTrainer().TrainAsync(SmallRequest(epochs: 2, maxTrainImages: 128), observer, TestContext.Current.CancellationToken);

        Assert.Equal(
            ["reconstructions/epoch-001.png", "reconstructions/epoch-002.png", "samples/epoch-001.png", "samples/epoch-002.png"],
            observer.FamilyArtifactPaths);
        foreach (var (path, png) in observer.Artifacts.Where(a => a.Key.EndsWith(".png", StringComparison.Ordinal)))
        {
            Assert.Equal(PngInspector.Signature, png[..8]);
            var image = PngInspector.Decode(png);
            // 8 columns x 8 rows of 28-pixel tiles with 2-pixel gaps.
            Assert.Equal((242, 242, 8, 0), (image.Width, image.Height, image.BitDepth, image.ColourType));
            Assert.Contains(image.Pixels, p => p > 0);
            TestContext.Current.TestOutputHelper?.WriteLine($"{path}: {png.Length} bytes");
        }
    }

    [Fact]
    public async Task Missing_dataset_folder_is_a_parameter_error()
    {
        var request = SmallRequest() with { Dataset = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N")) };

        var error = await Assert.ThrowsAsync<TrainingParameterException>(
            () => CreateTrainer().TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("dataset", error.ParameterName);
    }
}
