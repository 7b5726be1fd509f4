using Experiments.Contracts.Parameters;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>InfoGAN: it learns digits, and its categorical code carries information the Q head recovers.</summary>
public sealed class InfoGanTests
{
    private const int Side = 28;
    private const int Gap = 2;

    [Fact]
    public async Task It_learns_and_the_Q_head_recovers_the_categorical_code_far_above_chance()
    {
        var observer = new RecordingObserver();
        var request = new TrainingRequest("infogan", "mnist", new Dictionary<string, ParameterValue> { ["base_channels"] = ParameterValue.Int(16) }, Epochs: 3, Seed: 17)
        {
            Device = "cpu",
            MaxTrainImages = 2_048,
            LogEveryNSteps = 8,
        };

        await new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, TestContext.Current.CancellationToken);

        var epochs = observer.Epochs.Select(e => e.Metrics).ToList();
        var distances = epochs.Select(m => m["fd_pixels"]).ToList();
        Assert.True(distances[2] < distances[0] * 0.8, $"fd_pixels by epoch: {string.Join(", ", distances)}");
        // Chance is 1 in 10: a recovered code means the generator really uses it.
        Assert.True(epochs[2]["code_accuracy"] > 0.5, $"code_accuracy by epoch: {string.Join(", ", epochs.Select(m => m["code_accuracy"]))}");
        Assert.All(observer.Steps, step => Assert.Contains("info_categorical", step.Metrics.Keys));

        // One row per category, one column per value of a continuous code; a second grid for the second code.
        foreach (var grid in new[] { "samples/epoch-003.png", "samples/epoch-003-code2.png" })
        {
            var (width, height, _, _, _) = PngInspector.Decode(observer.Artifacts[grid]);
            Assert.Equal(((8 * Side) + (9 * Gap), (10 * Side) + (11 * Gap)), (width, height));
        }
    }
}
