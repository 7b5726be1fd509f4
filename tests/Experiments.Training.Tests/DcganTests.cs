using Experiments.Contracts.Parameters;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>The DCGAN on the shipped digits: the generator gets closer to real digits, and every stabiliser trains.</summary>
public sealed class DcganTests
{
    [Fact]
    public async Task Generated_digits_get_closer_to_held_out_ones_as_training_goes_on()
    {
        var observer = new RecordingObserver();
        var request = Request(epochs: 3, new Dictionary<string, ParameterValue>());

        await new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var distances = observer.Epochs.Select(e => e.Metrics["fd_pixels"]).ToList();
        Assert.Equal(3, distances.Count);
        Assert.True(distances[2] < distances[0] * 0.8, $"fd_pixels by epoch: {string.Join(", ", distances)}");
        // Three short epochs are too few for the classifier's scores to move (it needs digits); they are there and finite.
        Assert.All(observer.Epochs, e => Assert.InRange(e.Metrics["inception_score"], 1.0, 10.0));
        Assert.All(observer.Epochs, e => Assert.True(double.IsFinite(e.Metrics["fid"]) && e.Metrics["fid"] > 0));
        Assert.All(observer.Steps, step => Assert.Equal(["d_fake", "d_loss", "d_real", "g_loss"], step.Metrics.Keys.Order()));
    }

    [Fact]
    public async Task With_every_stabiliser_on_it_trains_to_finite_metrics_and_writes_samples_anyone_can_load()
    {
        var observer = new RecordingObserver();
        var request = Request(epochs: 1, new Dictionary<string, ParameterValue>
        {
            ["d_steps"] = ParameterValue.Int(2),
            ["label_smoothing"] = ParameterValue.Float(0.1),
            ["label_flip"] = ParameterValue.Float(0.05),
            ["instance_noise"] = ParameterValue.Float(0.1),
        });

        var result = await new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

        Assert.All(result.FinalMetrics.Values, value => Assert.True(double.IsFinite(value)));
        var npy = observer.Artifacts["samples/epoch-001.npy"];
        var (shape, values) = NpyReader.Float32(npy);
        Assert.Equal([1000L, 1, 28, 28], shape);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        Assert.True(observer.Artifacts.ContainsKey("samples/epoch-001.png"));
    }

    private static TrainingRequest Request(int epochs, Dictionary<string, ParameterValue> parameters)
    {
        parameters.TryAdd("base_channels", ParameterValue.Int(16));
        return new TrainingRequest("dcgan", "mnist", parameters, epochs, Seed: 11)
        {
            Device = "cpu",
            MaxTrainImages = 2_048,
            LogEveryNSteps = 8,
        };
    }
}
