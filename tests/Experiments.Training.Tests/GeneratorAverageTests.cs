using Experiments.Training.Engine.Scalars;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Gan;
using Experiments.Training.Safetensors;
using Experiments.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Tests;

/// <summary>
/// <c>generator_ema</c>: off by default with nothing extra built, drawn or saved; on, an exponential moving average of
/// the generator's weights that evaluation and the final weights use.
/// </summary>
public sealed class GeneratorAverageTests
{
    private static ModelTrainer Trainer() => new(new TestOutputLogger<ModelTrainer>());

    [Fact]
    public async Task Generator_ema_zero_is_exactly_the_run_without_it_and_adds_no_network()
    {
        var ct = TestContext.Current.CancellationToken;
        var without = new RecordingObserver();
        await Trainer().TrainAsync(DigitsRequest(new Dictionary<string, ParameterValue>()), without, ct);
        var zero = new RecordingObserver();
        await Trainer().TrainAsync(DigitsRequest(new Dictionary<string, ParameterValue> { [GeneratorEma.Name] = ParameterValue.Float(0) }), zero, ct);

        Assert.Equal(without.Epochs.Select(e => e.Metrics.OrderBy(m => m.Key).ToList()), zero.Epochs.Select(e => e.Metrics.OrderBy(m => m.Key).ToList()));
        var weights = SafetensorsFile.Parse(zero.Artifacts[TrainingLoop.FinalWeightsPath], TrainingLoop.FinalWeightsPath);
        Assert.DoesNotContain(weights.Tensors.Keys, name => name.StartsWith(GeneratorAverage<nn.Module>.NetworkName, StringComparison.Ordinal));
        Assert.Equal(without.Artifacts[TrainingLoop.FinalWeightsPath], zero.Artifacts[TrainingLoop.FinalWeightsPath]);
    }

    [Theory]
    [InlineData("dcgan")]
    [InlineData("cgan")]
    [InlineData("infogan")]
    [InlineData("wgan-gp")]
    public void After_one_generator_step_the_average_is_the_warm_decay_times_the_initial_weights_plus_the_rest_times_the_live_ones(string model)
    {
        const double Decay = 0.999;
        var family = HyperparameterResolver.FindFamily(model);
        var parameters = new Dictionary<string, ParameterValue>
        {
            [GeneratorEma.Name] = ParameterValue.Float(Decay),
            ["base_channels"] = ParameterValue.Int(4),
            ["batch_size"] = ParameterValue.Int(16),
        };
        if (model == "wgan-gp")
        {
            parameters["n_critic"] = ParameterValue.Int(1); // the first step is also a generator step
        }

        var settings = new ModelRunSettings(HyperparameterResolver.Resolve(family.Descriptor, parameters), 3, CPU, 10) { Shape = new ImageShape(1, 28, 28) };
        using var run = GlobalRandom.Seeded(3, () => family.CreateRun(settings));
        var generator = run.State.Networks.Single(n => n.Key == "generator").Value;
        var average = run.State.Networks.Single(n => n.Key == GeneratorAverage<nn.Module>.NetworkName).Value;
        var initial = generator.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone(), StringComparer.Ordinal);
        Assert.All(average.named_parameters(), p =>
        {
            Assert.False(p.parameter.requires_grad);
            Assert.True(p.parameter.allclose(initial[p.name], rtol: 0, atol: 0), $"{p.name} starts as the live generator's");
        });

        run.SetTraining(true);
        using (torch.NewDisposeScope())
        {
            var examples = torch.rand([16, 1, 28, 28], generator: new Generator(11));
            var labels = ScalarArithmetic.Range(16).Modulo(10);
            using var lossTotal = torch.zeros(1, ScalarType.Float64);
            run.TrainStep(new TrainingBatch(examples, labels), lossTotal, readMetrics: false);
        }

        // The first update's decay is the warm-up's 1/10, not yet the full 0.999.
        var first = GeneratorEma.DecayAt(Decay, 0);
        Assert.Equal(0.1, first, precision: 12);
        Assert.Equal(Decay, GeneratorEma.DecayAt(Decay, 20_000));
        var live = generator.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var moved = 0;
        foreach (var (name, averaged) in average.named_parameters())
        {
            using var expected = initial[name].Times(first).Plus(live[name].detach().Times(1 - first));
            Assert.True(averaged.allclose(expected, rtol: 0, atol: 1e-6), $"{name}: the average is not {first} x initial + {1 - first} x live");
            moved += averaged.allclose(live[name], rtol: 0, atol: 0) ? 0 : 1;
        }

        Assert.True(moved > 0, "the live generator moved away from the average");
        var liveBuffers = generator.named_buffers().ToDictionary(b => b.name, b => b.buffer, StringComparer.Ordinal);
        Assert.All(average.named_buffers(), b => Assert.True(b.buffer.to(ScalarType.Float64).allclose(liveBuffers[b.name].to(ScalarType.Float64), rtol: 0, atol: 0), $"{b.name} is the live generator's"));
    }

    [Fact]
    public async Task A_dcgan_with_generator_ema_on_ring8_reports_its_metrics_and_saves_the_average()
    {
        var observer = new RecordingObserver();
        var request = new TrainingRequest(
            "dcgan",
            "ring8",
            new Dictionary<string, ParameterValue> { [GeneratorEma.Name] = ParameterValue.Float(0.99), ["batch_size"] = ParameterValue.Int(128) },
            Epochs: 2,
            Seed: 2)
        {
            Device = "cpu",
            MaxTrainImages = 6_400,
            CheckpointEvery = 0,
        };

        await Trainer().TrainAsync(request, observer, TestContext.Current.CancellationToken);

        Assert.Equal(2, observer.Epochs.Count);
        Assert.All(observer.Epochs, e =>
        {
            Assert.Equal(["d_fake", "d_real", "high_quality_fraction", "modes_captured", "train_d_loss", "train_loss"], e.Metrics.Keys.Order());
            Assert.InRange(e.Metrics["modes_captured"], 0, 8);
            Assert.InRange(e.Metrics["high_quality_fraction"], 0, 1);
        });
        var weights = SafetensorsFile.Parse(observer.Artifacts[TrainingLoop.FinalWeightsPath], TrainingLoop.FinalWeightsPath);
        var live = weights.Tensors.Keys.Where(name => name.StartsWith("generator.", StringComparison.Ordinal)).Select(name => name["generator.".Length..]).Order();
        var averaged = weights.Tensors.Keys.Where(name => name.StartsWith("generator_ema.", StringComparison.Ordinal)).Select(name => name["generator_ema.".Length..]).Order();
        Assert.Equal(live, averaged);
    }

    private static TrainingRequest DigitsRequest(Dictionary<string, ParameterValue> parameters)
    {
        parameters["base_channels"] = ParameterValue.Int(4);
        parameters["batch_size"] = ParameterValue.Int(32);
        return new TrainingRequest("dcgan", "mnist", parameters, Epochs: 2, Seed: 4)
        {
            Device = "cpu",
            MaxTrainImages = 320,
            LogEveryNSteps = 3,
        };
    }
}
