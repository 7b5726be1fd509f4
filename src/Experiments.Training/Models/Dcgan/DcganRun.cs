using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Dcgan;

/// <summary>
/// The DCGAN's part of a training run: per step, <c>d_steps</c> discriminator updates (BCE on real and generated
/// examples, with the stabilisers people reach for: one-sided label smoothing, random label flips, instance noise),
/// then one non-saturating generator update. Curriculum stages change the resolution D sees and its instance noise
/// (<see cref="DiscriminatorView"/>; on points only the noise). Per epoch: the sample quality of the data's kind
/// (images: the Fréchet distance of generated to held-out images on pooled pixels; points: modes captured and
/// high-quality samples), D's view of real and generated examples, a sample grid or scatter plot and the samples as
/// .npy. With <c>pack</c> above 1 the discriminator judges packs of examples (<see cref="Packing"/>).
/// </summary>
internal sealed class DcganRun : IModelRun
{
    private const int GridColumns = 8;

    private readonly DcganHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly Module<Tensor, Tensor> generator;
    private readonly Module<Tensor, Tensor> discriminator;
    private readonly SampleSpace space;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Generator trainingNoise;
    private readonly Stabilisers stabilisers;
    private readonly DiscriminatorView view;
    private readonly AdversarialLosses losses;
    private readonly GeneratorAverage<Module<Tensor, Tensor>> average;
    private readonly Packing packing;

    /// <param name="generator">Takes z [N, latent_dim]; gives examples in the networks' range (see <paramref name="space"/>).</param>
    /// <param name="discriminator">One logit per pack of examples (per example when <paramref name="packing"/> is 1).</param>
    /// <param name="buildGenerator">Builds another generator like <paramref name="generator"/>: the weight average's, when <c>generator_ema</c> is on.</param>
    public DcganRun(
        DcganHyperparameters hyperparameters,
        Module<Tensor, Tensor> generator,
        Module<Tensor, Tensor> discriminator,
        Func<Module<Tensor, Tensor>> buildGenerator,
        SampleSpace space,
        Packing packing,
        long seed,
        Device device)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        this.generator = generator;
        this.discriminator = discriminator;
        this.space = space;
        this.packing = packing;
        generator.to(device);
        discriminator.to(device);
        var betas = (hyperparameters.Beta1, hyperparameters.Beta2);
        generatorOptimizer = new ScalarSafeAdam(generator.parameters(), hyperparameters.GeneratorLearningRate, betas.Beta1, betas.Beta2);
        discriminatorOptimizer = new ScalarSafeAdam(discriminator.parameters(), hyperparameters.DiscriminatorLearningRate, betas.Beta1, betas.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState()
            .Network("generator", generator).Network("discriminator", discriminator)
            .Optimizer("generator", generatorOptimizer).Optimizer("discriminator", discriminatorOptimizer)
            .RandomGenerator("training_noise", trainingNoise);
        average = new GeneratorAverage<Module<Tensor, Tensor>>(hyperparameters.GeneratorEma, generator, buildGenerator, device);
        average.Register(State);
        stabilisers = new Stabilisers(hyperparameters.LabelSmoothing, hyperparameters.LabelFlip, trainingNoise, device);
        view = new DiscriminatorView(hyperparameters.InstanceNoise, trainingNoise, device);
        losses = new AdversarialLosses(device);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.BatchSize;

    public void SetTraining(bool training) => TrainingMode.Set(training, generator, discriminator);

    public void EnterStage(CurriculumStageSettings stage) => view.EnterStage(stage);

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var size = batch.Count;
        var real = space.ToNetwork(batch.Examples);
        Tensor discriminatorLoss = null!, realLogits = null!, fakeLogits = null!;
        for (var k = 0; k < hyperparameters.DiscriminatorSteps; k++)
        {
            discriminatorOptimizer.zero_grad();
            var fake = generator.call(Latent(size)).detach();
            realLogits = discriminator.call(packing.Pack(view.Training(real)));
            fakeLogits = discriminator.call(packing.Pack(view.Training(fake)));
            var (realTargets, fakeTargets) = stabilisers.Targets(packing.Packs(size));
            discriminatorLoss = binary_cross_entropy_with_logits(realLogits, realTargets).Plus(binary_cross_entropy_with_logits(fakeLogits, fakeTargets));
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var generatedLogits = discriminator.call(packing.Pack(view.Training(generator.call(Latent(size)))));
        var generatorLoss = binary_cross_entropy_with_logits(generatedLogits, torch.ones_like(generatedLogits));
        generatorLoss.backward();
        generatorOptimizer.step();
        average.Update();

        losses.Add(lossTotal, generatorLoss, discriminatorLoss, size);
        return readMetrics ? AdversarialLosses.StepMetrics(discriminatorLoss, generatorLoss, realLogits, fakeLogits) : null;
    }

    /// <summary>
    /// Quality, D(x) and D(G(z)) of the samples from the fixed z; images: a grid of 64 of them and all 1,000 as float32
    /// [N, C, H, W] in [0, 1]; points: a scatter plot and all 2,500 as [N, 2].
    /// </summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var reals = heldOut.Examples.narrow(0, 0, Math.Min(space.Samples, heldOut.Count));
        var samples = Samples(space.Samples);
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = space.Quality(samples, heldOut);
        metrics["d_real"] = EvaluationChunks.Map(packing.Pack(view.AtResolution(space.ToNetwork(reals))), discriminator.call).sigmoid().mean().item<float>();
        metrics["d_fake"] = EvaluationChunks.Map(packing.Pack(view.AtResolution(space.ToNetwork(samples))), discriminator.call).sigmoid().mean().item<float>();
        metrics["train_d_loss"] = losses.TakeDiscriminatorMean();
        return new EpochEvaluation(metrics, space.Artifacts(epoch, samples, () => samples.narrow(0, 0, 8 * GridColumns), GridColumns));
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

    private Tensor Latent(long count) => randn([count, hyperparameters.LatentDim], device: device, generator: trainingNoise);

    /// <summary>Samples as data (images in [0, 1]) from a fixed draw of z, so epochs are compared on the same codes; by the averaged generator when there is one.</summary>
    private Tensor Samples(int count)
    {
        using var fixedNoise = new Generator(unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL, device);
        var latent = randn([count, hyperparameters.LatentDim], device: device, generator: fixedNoise);
        return space.FromNetwork(EvaluationChunks.Map(latent, average.Sampler.call));
    }
}
