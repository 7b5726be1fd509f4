using Experiments.Testing;
using Experiments.Training.Datasets;
using Experiments.Training.Metrics;
using Experiments.Training.Safetensors;
using Experiments.Training.Tests.Support;
using TorchSharp;

namespace Experiments.Training.Tests;

/// <summary>The shipped MNIST classifier: it classifies held-out digits well, its features give FID its meaning, and bad weights are named.</summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class MnistClassifierTests
{
    [Fact]
    public void The_shipped_classifier_recognises_held_out_digits()
    {
        using var data = new DatasetResolver().Load("mnist");
        using var classifier = MnistClassifier.Load(torch.CPU);

        var accuracy = classifier.Accuracy(data.HeldOut, data.HeldOutLabels!);

        // 0.985 when it was trained (data/mnist-classifier/README.md); the bound is well under it on purpose.
        Assert.True(accuracy >= 0.96, $"held-out accuracy {accuracy:F4}");
    }

    [Fact]
    public void Real_held_out_digits_score_near_the_top_and_fid_grows_as_digits_move_away()
    {
        using var data = new DatasetResolver().Load("mnist");
        using var classifier = MnistClassifier.Load(torch.CPU);
        using var scope = torch.NewDisposeScope();
        var (features, probabilities) = classifier.Embed(data.HeldOut);

        var distances = new[] { 0, 2, 4, 6 }.Select(shift =>
        {
            // Every digit moved right by `shift` pixels: the same digits, further from the real ones.
            var moved = shift == 0 ? data.HeldOut : torch.nn.functional.pad(data.HeldOut, [shift, 0, 0, 0]).narrow(3, 0, 28);
            return FrechetDistance.Between(features, classifier.Embed(moved).Features);
        }).ToList();

        Assert.InRange(InceptionScore.Compute(probabilities).Mean, 8.5, 10);
        Assert.Equal(0, distances[0], precision: 6);
        Assert.True(distances[1] > 0.1 && distances[2] > distances[1] && distances[3] > distances[2], $"fid by shift: {string.Join(", ", distances)}");
    }

    [Fact]
    public void Loading_it_leaves_the_global_random_generator_where_it_was()
    {
        torch.manual_seed(3);
        using var expected = torch.randn(5);
        torch.manual_seed(3);

        using var classifier = MnistClassifier.Load(torch.CPU);
        using var drawn = torch.randn(5);

        Assert.True(drawn.Equals(expected));
    }

    [Fact]
    public void Missing_weights_are_named_with_the_remedy()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("mnist-classifier.safetensors");

        var error = Assert.Throws<InvalidDataException>(() => MnistClassifier.Load(torch.CPU, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("train-classifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_weights_are_named_with_the_reason()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("mnist-classifier.safetensors");
        var shipped = File.ReadAllBytes(MnistClassifier.ShippedWeightsPath);
        File.WriteAllBytes(path, shipped[..(shipped.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => MnistClassifier.Load(torch.CPU, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.IsType<SafetensorsException>(error.InnerException);
    }
}
