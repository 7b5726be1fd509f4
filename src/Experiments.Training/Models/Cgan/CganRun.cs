using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Imaging;
using Experiments.Training.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Cgan;

/// <summary>
/// The cGAN's part of a training run: the DCGAN's losses, stabilisers and curriculum with both networks conditioned on the class.
/// Real images keep their labels; generated ones get labels drawn uniformly. Samples are class-balanced; the grid
/// shows one row per class.
/// </summary>
internal sealed class CganRun : IModelRun
{
    private const int GridColumns = 8;

    private readonly CganHyperparameters hyperparameters;
    private readonly int classes;
    private readonly long seed;
    private readonly Device device;
    private readonly CganGenerator generator;
    private readonly CganDiscriminator discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Generator trainingNoise;
    private readonly Stabilisers stabilisers;
    private readonly DiscriminatorView view;
    private readonly AdversarialLosses losses;

    public CganRun(CganHyperparameters hyperparameters, int classes, long seed, Device device)
    {
        var gan = hyperparameters.Gan;
        this.hyperparameters = hyperparameters;
        this.classes = classes;
        this.seed = seed;
        this.device = device;
        generator = new CganGenerator(classes, hyperparameters.EmbeddingDim, gan.LatentDim, gan.BaseChannels);
        discriminator = new CganDiscriminator(classes, gan.BaseChannels);
        generator.to(device);
        discriminator.to(device);
        generatorOptimizer = optim.Adam(generator.parameters(), lr: gan.GeneratorLearningRate, beta1: gan.Beta1, beta2: gan.Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), lr: gan.DiscriminatorLearningRate, beta1: gan.Beta1, beta2: gan.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState()
            .Network("generator", generator).Network("discriminator", discriminator)
            .Optimizer("generator", generatorOptimizer).Optimizer("discriminator", discriminatorOptimizer)
            .RandomGenerator("training_noise", trainingNoise);
        stabilisers = new Stabilisers(gan.LabelSmoothing, gan.LabelFlip, trainingNoise, device);
        view = new DiscriminatorView(gan.InstanceNoise, trainingNoise, device);
        losses = new AdversarialLosses(device);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.Gan.BatchSize;

    public void SetTraining(bool training) => TrainingMode.Set(training, generator, discriminator);

    public void EnterStage(CurriculumStageSettings stage) => view.EnterStage(stage);

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var size = batch.Count;
        var real = (batch.Examples * 2) - 1;
        var realLabels = batch.RequireLabels();
        Tensor discriminatorLoss = null!, realLogits = null!, fakeLogits = null!;
        for (var k = 0; k < hyperparameters.Gan.DiscriminatorSteps; k++)
        {
            discriminatorOptimizer.zero_grad();
            var fakeLabels = RandomLabels(size);
            var fake = generator.call(Latent(size), fakeLabels).detach();
            realLogits = discriminator.call(view.Training(real), realLabels);
            fakeLogits = discriminator.call(view.Training(fake), fakeLabels);
            var (realTargets, fakeTargets) = stabilisers.Targets(size);
            discriminatorLoss = binary_cross_entropy_with_logits(realLogits, realTargets) + binary_cross_entropy_with_logits(fakeLogits, fakeTargets);
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var labels = RandomLabels(size);
        var generatedLogits = discriminator.call(view.Training(generator.call(Latent(size), labels)), labels);
        var generatorLoss = binary_cross_entropy_with_logits(generatedLogits, torch.ones_like(generatedLogits));
        generatorLoss.backward();
        generatorOptimizer.step();

        losses.Add(lossTotal, generatorLoss, discriminatorLoss, size);
        return readMetrics ? AdversarialLosses.StepMetrics(discriminatorLoss, generatorLoss, realLogits, fakeLogits) : null;
    }

    public IReadOnlyDictionary<string, double> Evaluate(TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var count = Math.Min(SampleReport.Samples, heldOut.Count);
        var reals = heldOut.Examples.narrow(0, 0, count);
        var realLabels = heldOut.RequireLabels().narrow(0, 0, count);
        var (samples, sampleLabels) = BalancedSamples();
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["fd_pixels"] = SampleReport.PixelFrechetDistance(samples, heldOut),
            ["d_real"] = discriminator.call(view.AtResolution((reals * 2) - 1), realLabels).sigmoid().mean().item<float>(),
            ["d_fake"] = discriminator.call(view.AtResolution((samples * 2) - 1), sampleLabels).sigmoid().mean().item<float>(),
            ["train_d_loss"] = losses.TakeDiscriminatorMean(),
        };
        return metrics;
    }

    /// <summary>One grid row per class; all 1,000 class-balanced samples as .npy, and their labels as int64 .npy.</summary>
    public IReadOnlyList<TrainingArtifact> Artifacts(int epoch, TrainingBatch heldOut)
    {
        using var scope = torch.NewDisposeScope();
        var (samples, labels) = BalancedSamples();
        var gridLabels = torch.arange(classes, device: device).repeat_interleave(GridColumns);
        var grid = Generate(FixedLatent(gridLabels.shape[0], 1), gridLabels);
        var artifacts = SampleReport.Artifacts(epoch, samples, grid, GridColumns);
        artifacts.Add(new TrainingArtifact($"samples/epoch-{epoch:D3}-labels.npy", NpyWriter.Int64(labels.to(CPU).data<long>().ToArray(), [labels.shape[0]])));
        return artifacts;
    }

    public void Dispose()
    {
        losses.Dispose();
        trainingNoise.Dispose();
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        discriminator.Dispose();
    }

    private Tensor Latent(long count) => randn([count, hyperparameters.Gan.LatentDim], device: device, generator: trainingNoise);

    private Tensor RandomLabels(long count) => torch.randint(classes, [count], device: device, generator: trainingNoise);

    /// <summary>1,000 samples, the same number per class (as near as it divides), from the same z every epoch.</summary>
    private (Tensor Samples, Tensor Labels) BalancedSamples()
    {
        var labels = torch.arange(SampleReport.Samples, device: device).remainder(classes);
        return (Generate(FixedLatent(SampleReport.Samples, 0), labels), labels);
    }

    private Tensor FixedLatent(long count, ulong stream)
    {
        using var fixedNoise = new Generator((unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL) + stream, device);
        return randn([count, hyperparameters.Gan.LatentDim], device: device, generator: fixedNoise);
    }

    /// <summary>Images in [0, 1].</summary>
    private Tensor Generate(Tensor latent, Tensor labels) => (generator.call(latent, labels) + 1) / 2;
}
