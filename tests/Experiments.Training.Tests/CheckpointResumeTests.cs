using Experiments.Contracts.Parameters;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Safetensors;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

/// <summary>
/// Checkpoints on CPU with a fixed seed: a run stopped after epoch k and resumed from its checkpoint ends with exactly
/// the metrics of one that never stopped; a damaged or foreign checkpoint is named and skipped, never a crash.
/// </summary>
public sealed class CheckpointResumeTests
{
    // Every registered family, so a new one that keeps state outside its ModelState fails here.
    public static TheoryData<string> Models => new(Experiments.Training.Models.ModelFamilies.All.Select(family => family.Descriptor.Name));

    [Theory]
    [MemberData(nameof(Models))]
    public Task A_run_resumed_after_epoch_two_ends_with_exactly_the_metrics_of_one_that_never_stopped(string model) =>
        ResumesExactly(Request(model, epochs: 4));

    // The averaged generator (generator_ema) is state too: what the resumed run evaluates with must be restored exactly.
    // At 0.5 its warm-up ends after 8 updates, so both the warm and the full decay are resumed through.
    [Theory]
    [InlineData("dcgan")]
    [InlineData("wgan-gp")]
    public Task A_run_with_a_generator_average_resumes_exactly(string model)
    {
        var request = Request(model, epochs: 4);
        return ResumesExactly(request with { Parameters = new Dictionary<string, ParameterValue>(request.Parameters) { ["generator_ema"] = ParameterValue.Float(0.5) } });
    }

    private static async Task ResumesExactly(TrainingRequest request)
    {
        var ct = TestContext.Current.CancellationToken;
        var uninterrupted = new RecordingObserver();
        var whole = await Train(request, uninterrupted, ct);

        // The same trial, stopped after epoch 2 (its checkpoint of epoch 2 is the latest), then run again from it.
        var stopped = new RecordingObserver();
        await Train(request, stopped, ct, stopAfterEpoch: 2);
        var latest = stopped.Checkpoints.Last();
        Assert.Equal("checkpoints/epoch-0002.ckpt", latest.Path);
        var resumed = new RecordingObserver();
        var rest = await Train(request with { ResumeFrom = [Candidate("run A " + latest.Path, latest.Content)] }, resumed, ct);

        Assert.Equal(("run A checkpoints/epoch-0002.ckpt", 2, uninterrupted.Epochs.ElementAt(1).Step), resumed.ResumedFrom);
        Assert.Equal([3, 4], resumed.Epochs.Select(e => e.Epoch));
        Assert.Equal(uninterrupted.Epochs.Skip(2).Select(e => e.Step), resumed.Epochs.Select(e => e.Step));
        foreach (var (expected, actual) in uninterrupted.Epochs.Skip(2).Zip(resumed.Epochs))
        {
            Assert.Equal(expected.Metrics.OrderBy(m => m.Key), actual.Metrics.OrderBy(m => m.Key)); // exactly, not approximately
        }

        Assert.Equal(uninterrupted.Steps.Where(s => s.Step > resumed.ResumedFrom!.Value.Step).Select(s => s.Metrics.OrderBy(m => m.Key).ToList()),
            resumed.Steps.Select(s => s.Metrics.OrderBy(m => m.Key).ToList()));
        Assert.Equal(whole.FinalMetrics.OrderBy(m => m.Key), rest.FinalMetrics.OrderBy(m => m.Key));
        Assert.Equal(whole.Steps, rest.Steps);
        Assert.Equal(uninterrupted.Artifacts[TrainingLoop.FinalWeightsPath], resumed.Artifacts[TrainingLoop.FinalWeightsPath]);
    }

    [Fact]
    public async Task A_trial_inheriting_another_trials_checkpoint_continues_from_its_weights_with_its_own_learning_rate()
    {
        var ct = TestContext.Current.CancellationToken;
        var donorRequest = Request("vae", epochs: 4);
        var donor = new RecordingObserver();
        await Train(donorRequest, donor, ct, stopAfterEpoch: 2);
        var checkpoint = donor.Checkpoints.Last();

        // Population-based training: another trial (its own seed) with the donor's learning rate perturbed.
        var inheritor = donorRequest with
        {
            Seed = 9,
            Parameters = new Dictionary<string, ParameterValue>(donorRequest.Parameters) { ["learning_rate"] = ParameterValue.Float(0.02 / 1.2) },
        };
        var inherited = new RecordingObserver();
        await Train(inheritor with { InheritFrom = [Candidate("run D " + checkpoint.Path, checkpoint.Content)], InheritEpoch = 2 }, inherited, ct);
        var fresh = new RecordingObserver();
        await Train(inheritor with { Epochs = 1 }, fresh, ct);

        Assert.Equal(("run D checkpoints/epoch-0002.ckpt", 2, donor.Epochs.ElementAt(1).Step), inherited.ResumedFrom);
        Assert.Equal([3, 4], inherited.Epochs.Select(e => e.Epoch));
        // It starts where the donor was (far better than a fresh model after a whole epoch), not where it would have started.
        var donorLoss = donor.Epochs.ElementAt(1).Metrics["loss"];
        var inheritedLoss = inherited.Epochs.First().Metrics["loss"];
        var freshLoss = fresh.Epochs.Single().Metrics["loss"];
        Assert.True(inheritedLoss < freshLoss - ((freshLoss - donorLoss) / 2), $"inherited epoch 3 loss {inheritedLoss}, donor's epoch 2 {donorLoss}, fresh epoch 1 {freshLoss}");
        // Its own optimiser and learning rate: not the donor's run continued.
        var continued = new RecordingObserver();
        await Train(donorRequest with { ResumeFrom = [Candidate("run D " + checkpoint.Path, checkpoint.Content)] }, continued, ct);
        Assert.NotEqual(continued.Epochs.First().Metrics["loss"], inheritedLoss);
    }

    [Fact]
    public async Task Only_the_last_two_checkpoints_and_the_best_are_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var observer = new RecordingObserver();

        // kl is minimised; with this seed it is lowest at epoch 3, so the best is not among the last two.
        var request = Request("vae", epochs: 5, batchSize: 64) with { ObjectiveMetric = "kl" };
        await Train(request, observer, ct);

        var kl = observer.Epochs.Select(e => e.Metrics["kl"]).ToList();
        var best = kl.IndexOf(kl.Min()) + 1;
        Assert.True(best < 4, $"the test needs a best epoch before the last two; kl by epoch: {string.Join(", ", kl)}");
        var kept = observer.Artifacts.Keys.Where(k => k.StartsWith("checkpoints/", StringComparison.Ordinal)).Order().ToList();
        var expected = new[] { best, 4, 5 }.Distinct().Order().Select(CheckpointPaths.ForEpoch).ToList();
        Assert.Equal(expected, kept);
        Assert.Equal(5, observer.Checkpoints.Count);
        Assert.Equal(5 - expected.Count, observer.Deleted.Count);
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_named_and_skipped_for_the_one_before_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new RecordingObserver();
        await Train(Request("vae", epochs: 2), first, ct);
        var (path1, epoch1) = first.Checkpoints.First();
        var (path2, epoch2) = first.Checkpoints.Last();
        var truncated = epoch2[..(epoch2.Length / 2)];
        var flipped = epoch2.ToArray();
        flipped[flipped.Length / 3] ^= 0x5A;
        var log = new TestOutputLogger<ModelTrainer>();
        var resumed = new RecordingObserver();

        await Train(
            Request("vae", epochs: 3) with
            {
                ResumeFrom =
                [
                    Candidate("run B " + path2 + " (truncated)", truncated),
                    Candidate("run B " + path2 + " (flipped)", flipped),
                    Candidate("run B missing.ckpt", null),
                    Candidate("run B " + path1, epoch1),
                ],
            },
            resumed,
            ct,
            logger: log);

        Assert.Equal(("run B checkpoints/epoch-0001.ckpt", 1, first.Epochs.First().Step), resumed.ResumedFrom);
        Assert.Equal([2, 3], resumed.Epochs.Select(e => e.Epoch));
        Assert.Contains(log.Messages, m => m.Contains("run B checkpoints/epoch-0002.ckpt (truncated) is damaged or truncated", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("run B checkpoints/epoch-0002.ckpt (flipped) is damaged or truncated", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("run B missing.ckpt is gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checkpoint_of_another_model_or_other_shapes_is_refused_and_training_starts_fresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var vae = new RecordingObserver();
        await Train(Request("vae", epochs: 1), vae, ct);
        var narrow = new RecordingObserver();
        await Train(Request("dcgan", epochs: 1), narrow, ct);
        var wideRequest = Request("dcgan", epochs: 1);
        wideRequest = wideRequest with { Parameters = new Dictionary<string, ParameterValue>(wideRequest.Parameters) { ["base_channels"] = ParameterValue.Int(8) } };
        var fresh = new RecordingObserver();
        await Train(wideRequest, fresh, ct);
        var log = new TestOutputLogger<ModelTrainer>();
        var refused = new RecordingObserver();

        await Train(
            wideRequest with
            {
                ResumeFrom = [Candidate("vae.ckpt", vae.Checkpoints.Single().Content), Candidate("narrow.ckpt", narrow.Checkpoints.Single().Content)],
            },
            refused,
            ct,
            logger: log);

        Assert.Null(refused.ResumedFrom);
        Assert.Contains(log.Messages, m => m.Contains("Checkpoint vae.ckpt was written by model 'vae', not 'dcgan'", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("Checkpoint narrow.ckpt does not fit this run's networks: discriminator/", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("training starts at epoch 1", StringComparison.Ordinal));

        // After the refusals it is exactly a fresh run: nothing of the refused checkpoints leaked into the weights.
        Assert.Equal(fresh.Epochs.Single().Metrics.OrderBy(m => m.Key), refused.Epochs.Single().Metrics.OrderBy(m => m.Key));
    }

    [Fact]
    public async Task The_final_weights_are_a_safetensors_file_that_loads_into_the_models_networks()
    {
        var ct = TestContext.Current.CancellationToken;
        var observer = new RecordingObserver();
        var request = Request("dcgan", epochs: 1);
        await Train(request, observer, ct);

        var file = SafetensorsFile.Parse(observer.Artifacts[TrainingLoop.FinalWeightsPath], TrainingLoop.FinalWeightsPath);
        Assert.Equal("dcgan", file.Metadata["model"]);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Contains(file.Tensors.Keys, name => name.StartsWith("generator.", StringComparison.Ordinal));
        Assert.Contains(file.Tensors.Keys, name => name.StartsWith("discriminator.", StringComparison.Ordinal));

        // A fresh run of the same model takes every tensor, with its shape (strict: nothing missing, nothing extra).
        var family = HyperparameterResolver.FindFamily("dcgan");
        using var run = family.CreateRun(new ModelRunSettings(HyperparameterResolver.Resolve(family.Descriptor, request.Parameters), 1, TorchSharp.torch.CPU, 10) { Shape = new Experiments.Datasets.ImageShape(1, 28, 28) });
        var (name, weight) = run.State.Networks.Single(n => n.Key == "generator").Value.state_dict().First();
        using var trained = file.Tensors["generator." + name].ToTensor(TrainingLoop.FinalWeightsPath);
        Assert.False(trained.allclose(weight, rtol: 0, atol: 0), "a fresh run (another seed) starts from other weights");
        ModuleWeights.Load(run.State.Networks, file, TrainingLoop.FinalWeightsPath);
        Assert.True(trained.allclose(weight, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_checkpoint_header_is_checked_before_anything_is_read()
    {
        var state = new ModelState();
        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Check("not a checkpoint"u8.ToArray(), "x.ckpt", state, "vae", 10));
        Assert.Contains("x.ckpt is not a checkpoint of this program", exception.Message, StringComparison.Ordinal);
    }

    private static CheckpointCandidate Candidate(string name, byte[]? content) => new(name, _ => Task.FromResult(content));

    private static async Task<TrainingResult> Train(
        TrainingRequest request, RecordingObserver observer, CancellationToken ct, int? stopAfterEpoch = null, TestOutputLogger<ModelTrainer>? logger = null)
    {
        if (stopAfterEpoch is not { } stop)
        {
            return await new ModelTrainer(logger ?? new TestOutputLogger<ModelTrainer>()).TrainAsync(request, observer, ct);
        }

        // Stopped the way a lost worker stops: in the middle of the next epoch, after the checkpoint was written.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stopping = new StoppingObserver(observer, stop, cancellation);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ModelTrainer(logger ?? new TestOutputLogger<ModelTrainer>()).TrainAsync(request, stopping, cancellation.Token));
        return null!;
    }

    private static TrainingRequest Request(string model, int epochs, int batchSize = 48)
    {
        if (SequenceRequests.For(model, epochs) is { } sequence)
        {
            return sequence;
        }

        var parameters = new Dictionary<string, ParameterValue>
        {
            ["base_channels"] = ParameterValue.Int(model is "vae" or "autoencoder" ? 8 : 4),
            ["batch_size"] = ParameterValue.Int(batchSize), // 48: 13 steps an epoch, so WGAN-GP's every-5th generator step falls mid-epoch
        };
        if (model is "vae" or "autoencoder")
        {
            parameters["learning_rate"] = ParameterValue.Float(0.02);
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
            LogEveryNSteps = 3,
        };
    }
}
