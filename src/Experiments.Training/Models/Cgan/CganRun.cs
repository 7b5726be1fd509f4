using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Imaging;
using Experiments.Training.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Cgan;

/// <summary>
/// The cGAN's part of a training run: the DCGAN's losses, stabilisers and curriculum with both networks conditioned on
/// the class. Real examples keep their labels; generated ones get labels drawn uniformly. Samples are class-balanced;
/// an image grid shows one row per class, points are plotted over the mixture's modes.
/// </summary>
internal sealed class CganRun : IModelRun
{
    private const int GridColumns = 8;

    private readonly CganHyperparameters hyperparameters;
    private readonly int classes;
    private readonly long seed;
    private readonly Device device;
    private readonly CganGenerator generator;
    private readonly Module<Tensor, Tensor, Tensor> discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Generator trainingNoise;
    private readonly Stabilisers stabilisers;
    private readonly DiscriminatorView view;
    private readonly AdversarialLosses losses;
    private readonly SampleSpace space;
    private readonly GeneratorAverage<CganGenerator> average;

    /// <param name="discriminator">One logit per example given its label.</param>
    /// <param name="buildGenerator">Builds another generator like <paramref name="generator"/>: the weight average's, when <c>generator_ema</c> is on.</param>
    public CganRun(
        CganHyperparameters hyperparameters,
        CganGenerator generator,
        Module<Tensor, Tensor, Tensor> discriminator,
        Func<CganGenerator> buildGenerator,
        SampleSpace space,
        int classes,
        long seed,
        Device device)
    {
        var gan = hyperparameters.Gan;
        this.hyperparameters = hyperparameters;
        this.classes = classes;
        this.seed = seed;
        this.device = device;
        this.generator = generator;
        this.discriminator = discriminator;
        this.space = space;
        generator.to(device);
        discriminator.to(device);
        generatorOptimizer = new ScalarSafeAdam(generator.parameters(), gan.GeneratorLearningRate, gan.Beta1, gan.Beta2);
        discriminatorOptimizer = new ScalarSafeAdam(discriminator.parameters(), gan.DiscriminatorLearningRate, gan.Beta1, gan.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState()
            .Network("generator", generator).Network("discriminator", discriminator)
            .Optimizer("generator", generatorOptimizer).Optimizer("discriminator", discriminatorOptimizer)
            .RandomGenerator("training_noise", trainingNoise);
        average = new GeneratorAverage<CganGenerator>(gan.GeneratorEma, generator, buildGenerator, device);
        average.Register(State);
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
        var real = space.ToNetwork(batch.Examples);
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
            discriminatorLoss = binary_cross_entropy_with_logits(realLogits, realTargets).Plus(binary_cross_entropy_with_logits(fakeLogits, fakeTargets));
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var labels = RandomLabels(size);
        var generatedLogits = discriminator.call(view.Training(generator.call(Latent(size), labels)), labels);
        var generatorLoss = binary_cross_entropy_with_logits(generatedLogits, torch.ones_like(generatedLogits));
        generatorLoss.backward();
        generatorOptimizer.step();
        average.Update();

        losses.Add(lossTotal, generatorLoss, discriminatorLoss, size);
        return readMetrics ? AdversarialLosses.StepMetrics(discriminatorLoss, generatorLoss, realLogits, fakeLogits) : null;
    }

    /// <summary>
    /// Quality, D(x) and D(G(z)) of the class-balanced samples; one grid row per class (or a scatter plot of points), all
    /// class-balanced samples as .npy, and their labels as int64 .npy.
    /// </summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var count = Math.Min(space.Samples, heldOut.Count);
        var reals = heldOut.Examples.narrow(0, 0, count);
        var realLabels = heldOut.RequireLabels().narrow(0, 0, count);
        var (samples, sampleLabels) = BalancedSamples();
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = space.Quality(samples, heldOut);
        metrics["d_real"] = EvaluationChunks.Map(view.AtResolution(space.ToNetwork(reals)), realLabels, discriminator.call).sigmoid().mean().item<float>();
        metrics["d_fake"] = EvaluationChunks.Map(view.AtResolution(space.ToNetwork(samples)), sampleLabels, discriminator.call).sigmoid().mean().item<float>();
        metrics["train_d_loss"] = losses.TakeDiscriminatorMean();
        var artifacts = space.Artifacts(epoch, samples, ClassGrid, GridColumns);
        artifacts.Add(new TrainingArtifact($"samples/epoch-{epoch:D3}-labels.npy", NpyWriter.Int64(sampleLabels.to(CPU).data<long>().ToArray(), [sampleLabels.shape[0]])));
        return new EpochEvaluation(metrics, artifacts);
    }

    public void Dispose()
    {
        space.Dispose();
        average.Dispose();
        losses.Dispose();
        trainingNoise.Dispose();
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        discriminator.Dispose();
    }

    private Tensor Latent(long count) => randn([count, hyperparameters.Gan.LatentDim], device: device, generator: trainingNoise);

    private Tensor RandomLabels(long count) => torch.randint(classes, [count], device: device, generator: trainingNoise);

    /// <summary>The sample space's number of samples, the same number per class (as near as it divides), from the same z every epoch.</summary>
    private (Tensor Samples, Tensor Labels) BalancedSamples()
    {
        var labels = ScalarArithmetic.Range(space.Samples, device).Modulo(classes);
        return (Generate(FixedLatent(space.Samples, 0), labels), labels);
    }

    /// <summary>One row of samples per class.</summary>
    private Tensor ClassGrid()
    {
        var gridLabels = ScalarArithmetic.Range(classes, device).repeat_interleave(GridColumns);
        return Generate(FixedLatent(gridLabels.shape[0], 1), gridLabels);
    }

    private Tensor FixedLatent(long count, ulong stream)
    {
        using var fixedNoise = new Generator((unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL) + stream, device);
        return randn([count, hyperparameters.Gan.LatentDim], device: device, generator: fixedNoise);
    }

    /// <summary>Examples as data (images in [0, 1]), by the averaged generator when there is one.</summary>
    private Tensor Generate(Tensor latent, Tensor labels) => space.FromNetwork(EvaluationChunks.Map(latent, labels, average.Sampler.call));
}
