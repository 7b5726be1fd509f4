using Experiments.Training.Engine.Scalars;
using Experiments.Contracts.Parameters;
using Experiments.Training.Engine;
using Experiments.Training.Models.Gan;
using Experiments.Training.Safetensors;
using Experiments.Training.Tests.Support;
using TorchSharp;

namespace Experiments.Training.Tests;

/// <summary>PacGAN's packing in <c>dcgan</c>: what the discriminator is shown, and runs on points and images.</summary>
public sealed class PackingTests
{
    private static ModelTrainer Trainer() => new(new TestOutputLogger<ModelTrainer>());

    [Fact]
    public void Points_are_packed_side_by_side_in_order_and_a_partial_pack_is_left_out()
    {
        TorchRuntime.EnsureAvailable();
        using var points = ScalarArithmetic.Range(10).to(torch.float32).reshape(5, 2);

        using var packed = new Packing(2).Pack(points);

        Assert.Equal([2L, 4], packed.shape);
        Assert.Equal([0f, 1, 2, 3, 4, 5, 6, 7], packed.data<float>().ToArray());
        Assert.Equal(2, new Packing(2).Packs(5));
    }

    [Fact]
    public void Images_are_packed_along_channels()
    {
        TorchRuntime.EnsureAvailable();
        using var images = ScalarArithmetic.Range(4 * 3 * 2 * 2).to(torch.float32).reshape(4, 3, 2, 2);

        using var packed = new Packing(2).Pack(images);

        Assert.Equal([2L, 6, 2, 2], packed.shape);
        Assert.Equal(images[3, 0].data<float>().ToArray(), packed[1, 3].data<float>().ToArray()); // the second pack's fourth channel: the fourth image's first
    }

    [Fact]
    public void A_pack_of_one_is_the_examples_themselves()
    {
        TorchRuntime.EnsureAvailable();
        using var points = torch.ones(3, 2);

        Assert.Same(points, new Packing(1).Pack(points));
    }

    [Theory]
    [InlineData("grid25", 4, "discriminator.trunk.maxout1.linear.weight", 8L)]
    [InlineData("mnist", 2, "discriminator.layers.conv1.weight", 2L)]
    public async Task A_packing_dcgan_trains_with_a_discriminator_that_takes_pack_examples(string dataset, int pack, string firstLayer, long inputs)
    {
        var observer = new RecordingObserver();
        var request = new TrainingRequest(
            "dcgan",
            dataset,
            new Dictionary<string, ParameterValue> { [Packing.Name] = ParameterValue.Int(pack), ["batch_size"] = ParameterValue.Int(30), ["base_channels"] = ParameterValue.Int(4) },
            Epochs: 2,
            Seed: 3)
        {
            Device = "cpu",
            MaxTrainImages = 300,
            LogEveryNSteps = 2,
            CheckpointEvery = 0,
        };

        await Trainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        Assert.Equal(2, observer.Epochs.Count);
        Assert.All(observer.Epochs, e => Assert.All(e.Metrics.Values, v => Assert.True(double.IsFinite(v))));
        Assert.All(observer.Epochs, e => Assert.InRange(e.Metrics["d_real"], 0, 1));
        Assert.NotEmpty(observer.Steps);
        var weights = SafetensorsFile.Parse(observer.Artifacts[TrainingLoop.FinalWeightsPath], TrainingLoop.FinalWeightsPath);
        // The first layer's inputs (a linear layer's weight [out, in], a convolution's [out, in, k, k]): pack x 2 coordinates or pack x 1 channel.
        Assert.Equal(inputs, weights.Tensors[firstLayer].Shape[1]);
    }
}
