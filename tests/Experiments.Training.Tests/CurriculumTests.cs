using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Models;
using Experiments.Training.Models.Gan;
using Experiments.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Tests;

/// <summary>
/// Curriculum stages on the shared loop, on CPU with fixed seeds: entered at the right epochs (also after a resume, in
/// the middle of a stage), reported as metric and name, and doing what each family's settings promise.
/// </summary>
public sealed class CurriculumTests
{
    private const int StepsPerEpoch = 13; // 640 images in batches of 48

    public static TheoryData<string> Models => new(ModelFamilies.All.Select(family => family.Descriptor.Name));

    // The GAN families: those whose curriculum grows the resolution.
    public static TheoryData<string> Gans => new(ModelFamilies.All.Select(family => family.Descriptor)
        .Where(model => model.Curriculum.Settings.Any(setting => setting.Name == "resolution")).Select(model => model.Name));

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_run_resumed_in_the_middle_of_a_stage_enters_it_again_and_ends_exactly_as_one_that_never_stopped(string model)
    {
        var ct = TestContext.Current.CancellationToken;
        // The family's first two default stages, neither of them its plain setting: epochs 1-2, then 3-4.
        var defaults = ModelFamilies.Catalog.Find(model)!.Curriculum.DefaultStages;
        var plan = new CurriculumPlan([new(defaults[0].Name, 1, defaults[0].Settings), new(defaults[1].Name, 3, defaults[1].Settings)]);
        var request = Request(model, epochs: 4) with { Curriculum = plan, LogEveryNSteps = 5 };
        var uninterrupted = new RecordingObserver();
        var whole = await Train(request, uninterrupted, ct);

        var stopped = new RecordingObserver();
        using (var cancellation = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, new StoppingObserver(stopped, 1, cancellation), cancellation.Token));
        }

        var checkpoint = stopped.Checkpoints.Last();
        Assert.Equal(CheckpointPaths.ForEpoch(1), checkpoint.Path);
        var resumed = new RecordingObserver();
        var rest = await Train(request with { ResumeFrom = [new CheckpointCandidate(checkpoint.Path, _ => Task.FromResult<byte[]?>(checkpoint.Content))] }, resumed, ct);

        // Each stage is entered at the step after the epoch before it ended (a stage may change the steps an epoch has).
        var endOfEpoch = uninterrupted.Epochs.Select(e => e.Step).ToList();
        Assert.Equal([(0, defaults[0].Name, 1, 1L), (1, defaults[1].Name, 3, endOfEpoch[1] + 1)], uninterrupted.Stages);
        Assert.Equal([(0, defaults[0].Name, 2, endOfEpoch[0] + 1), (1, defaults[1].Name, 3, endOfEpoch[1] + 1)], resumed.Stages);
        foreach (var (expected, actual) in uninterrupted.Epochs.Skip(1).Zip(resumed.Epochs, (e, a) => (e, a)))
        {
            Assert.Equal(expected.Epoch, actual.Epoch);
            Assert.Equal(expected.Metrics.OrderBy(m => m.Key), actual.Metrics.OrderBy(m => m.Key)); // exactly
        }

        Assert.Equal(whole.FinalMetrics.OrderBy(m => m.Key), rest.FinalMetrics.OrderBy(m => m.Key));
    }

    [Theory]
    [InlineData("dcgan", "resolution", 28L)]
    [InlineData("wgan-gp", "resolution", 28L)]
    [InlineData("vae", "beta_scale", 1.0)]
    [InlineData("lstm-lm", "sequence_scale", 1.0)]
    [InlineData("autoencoder", "noise_scale", 1.0)]
    [InlineData("lstm-forecast", "horizon_scale", 1.0)]
    public async Task A_stage_of_plain_settings_trains_exactly_as_no_curriculum_and_without_one_no_stage_is_reported(string model, string setting, object plainValue)
    {
        var ct = TestContext.Current.CancellationToken;
        var value = plainValue is long integer ? ParameterValue.Int(integer) : ParameterValue.Float((double)plainValue);
        var request = Request(model, epochs: 1);
        if (model == "dcgan")
        {
            // Left out of the stage, instance_noise keeps the trial's own value.
            request = request with { Parameters = new Dictionary<string, ParameterValue>(request.Parameters) { ["instance_noise"] = ParameterValue.Float(0.1) } };
        }

        if (model == "autoencoder")
        {
            // Noise to scale: at noise_scale 1 the stage trains with the trial's own denoising.
            request = request with { Parameters = new Dictionary<string, ParameterValue>(request.Parameters) { ["denoising"] = ParameterValue.Float(0.3) } };
        }

        var without = new RecordingObserver();
        await Train(request, without, ct);
        var plain = new RecordingObserver();
        await Train(request with { Curriculum = new CurriculumPlan([new("plain", 1, new Dictionary<string, ParameterValue> { [setting] = value })]) }, plain, ct);

        Assert.Empty(without.Stages);
        Assert.Equal([(0, "plain", 1, 1L)], plain.Stages);
        Assert.Equal(without.Epochs.Single().Metrics.OrderBy(m => m.Key), plain.Epochs.Single().Metrics.OrderBy(m => m.Key));
    }

    [Fact]
    public async Task The_kl_warm_up_weights_the_kl_term_by_its_scale_while_held_out_metrics_keep_beta()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = Request("vae", epochs: 2) with { LogEveryNSteps = 1 };
        request = request with { Parameters = new Dictionary<string, ParameterValue>(request.Parameters) { ["beta"] = ParameterValue.Float(2) } };
        var warmUp = new CurriculumPlan(
        [
            new("warm_up", 1, new Dictionary<string, ParameterValue> { ["beta_scale"] = ParameterValue.Float(0.25) }),
            new("full", 2, new Dictionary<string, ParameterValue>()),
        ]);
        var observer = new RecordingObserver();
        var plain = new RecordingObserver();

        await Train(request with { Curriculum = warmUp }, observer, ct);
        await Train(request, plain, ct);

        Assert.Equal(2 * StepsPerEpoch, observer.Steps.Count);
        foreach (var (step, metrics) in observer.Steps)
        {
            var klWeight = step <= StepsPerEpoch ? 0.25 * 2 : 2;
            var expected = metrics["train_reconstruction"] + (klWeight * metrics["train_kl"]);
            Assert.True(Math.Abs(metrics["train_loss"] - expected) < 1e-4 * expected, $"step {step}: train_loss {metrics["train_loss"]}, reconstruction + {klWeight} kl = {expected}");
        }

        foreach (var (_, _, metrics) in observer.Epochs)
        {
            Assert.Equal(metrics["reconstruction"] + (2 * metrics["kl"]), metrics["loss"], 1e-6);
        }

        // Weighted less, the KL term lets the code carry more information while it warms up.
        var warmKl = observer.Epochs.First().Metrics["kl"];
        var plainKl = plain.Epochs.First().Metrics["kl"];
        Assert.True(warmKl > plainKl * 1.2, $"held-out kl after epoch 1: {warmKl} with the warm-up, {plainKl} without");
    }

    [Theory]
    [MemberData(nameof(Gans))]
    public async Task A_gan_trains_through_its_default_progressive_resolution_to_finite_metrics_and_28x28_samples(string model)
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = CurriculumPlan.FromDefaults(ModelFamilies.Catalog.Find(model)!.Curriculum, 3)!;
        var observer = new RecordingObserver();

        var result = await Train(Request(model, epochs: 3) with { Curriculum = plan }, observer, ct);

        Assert.Equal(["coarse", "medium", "full"], observer.Stages.Select(s => s.Name));
        Assert.Equal([1, 2, 3], observer.Stages.Select(s => s.Epoch));
        Assert.All(observer.Epochs.SelectMany(e => e.Metrics.Values), value => Assert.True(double.IsFinite(value)));
        Assert.All(observer.Steps.SelectMany(s => s.Metrics.Values), value => Assert.True(double.IsFinite(value)));
        Assert.All(result.FinalMetrics.Values, value => Assert.True(double.IsFinite(value)));
        var (shape, values) = NpyReader.Float32(observer.Artifacts["samples/epoch-003.npy"]);
        Assert.Equal([1000L, 1, 28, 28], shape);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData(7, 4)]
    [InlineData(14, 2)]
    [InlineData(28, 1)]
    public void The_discriminator_sees_each_block_of_the_stage_resolution_as_its_mean(int resolution, int block)
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(3, CPU);
        var view = new DiscriminatorView(instanceNoise: 0, noise, CPU);
        view.EnterStage(Stage(resolution, instanceNoise: 0));
        var images = torch.rand([2, 1, 28, 28], generator: noise);

        var shown = view.AtResolution(images);

        Assert.Equal([2L, 1, 28, 28], shown.shape);
        var expected = images.reshape(2, 1, 28 / block, block, 28 / block, block).mean([3, 5], keepdim: true)
            .expand(2, 1, 28 / block, block, 28 / block, block).reshape(2, 1, 28, 28);
        Assert.True(shown.allclose(expected, rtol: 1e-5, atol: 1e-6), $"resolution {resolution}: not {block}x{block} block means");
        Assert.Equal(resolution == 28, Same(shown, images));
        Assert.True(Same(view.Training(images), shown)); // no noise in this stage
    }

    [Fact]
    public void Instance_noise_of_the_stage_is_added_to_what_the_discriminator_trains_on_only()
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(3, CPU);
        var view = new DiscriminatorView(instanceNoise: 0, noise, CPU);
        view.EnterStage(Stage(28, instanceNoise: 0.5));
        var images = torch.zeros([64, 1, 28, 28]);

        var trained = view.Training(images);

        Assert.True(Same(view.AtResolution(images), images));
        Assert.InRange(trained.std().item<float>(), 0.48f, 0.52f);
    }

    [Theory]
    [InlineData("dcgan", "beta_scale", 0.5, 1, "stage 'a' sets 'beta_scale', which is not a curriculum setting of this model; allowed: resolution, instance_noise")]
    [InlineData("dcgan", "resolution", 12L, 1, "stage 'a' sets resolution = 12; allowed: one of 7, 14, 28")]
    [InlineData("vae", "beta_scale", 1.5, 1, "stage 'a' sets beta_scale = 1.5; allowed: a number in [0, 1]")]
    [InlineData("vae", "beta_scale", 0.5, 2, "stage 'a' starts at epoch 2; allowed: 1")]
    public async Task A_curriculum_that_does_not_suit_the_model_is_refused_before_training(string model, string setting, object value, int firstEpoch, string message)
    {
        var parameterValue = value is long integer ? ParameterValue.Int(integer) : ParameterValue.Float((double)value);
        var request = Request(model, epochs: 2) with
        {
            Curriculum = new CurriculumPlan([new("a", firstEpoch, new Dictionary<string, ParameterValue> { [setting] = parameterValue })]),
        };

        var exception = await Assert.ThrowsAsync<TrainingParameterException>(
            () => new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, new RecordingObserver(), TestContext.Current.CancellationToken));

        Assert.Equal("curriculum", exception.ParameterName);
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    private static CurriculumStageSettings Stage(int resolution, double instanceNoise) => new(0, "stage", new Dictionary<string, ParameterValue>
    {
        [GanCurriculum.Resolution] = ParameterValue.Int(resolution),
        [GanCurriculum.InstanceNoise] = ParameterValue.Float(instanceNoise),
    });

    private static Task<TrainingResult> Train(TrainingRequest request, RecordingObserver observer, CancellationToken ct) =>
        new ModelTrainer(new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, ct);

    private static TrainingRequest Request(string model, int epochs)
    {
        if (SequenceRequests.For(model, epochs) is { } sequence)
        {
            return sequence with { LogEveryNSteps = 5 };
        }

        var parameters = new Dictionary<string, ParameterValue>
        {
            ["base_channels"] = ParameterValue.Int(model is "vae" or "autoencoder" ? 8 : 4),
            ["batch_size"] = ParameterValue.Int(48),
        };
        if (model is "vae" or "autoencoder")
        {
            parameters["learning_rate"] = ParameterValue.Float(0.01);
        }

        if (model == "autoencoder")
        {
            // Training noise, so the run's random generator is part of what is resumed (and staged).
            parameters["denoising"] = ParameterValue.Float(0.2);
        }

        return new TrainingRequest(model, "mnist", parameters, epochs, Seed: 5)
        {
            Device = "cpu",
            MaxTrainImages = 640,
            LogEveryNSteps = 5,
        };
    }
}
