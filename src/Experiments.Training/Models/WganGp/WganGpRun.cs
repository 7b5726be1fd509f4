using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.WganGp;

/// <summary>
/// The WGAN-GP's part of a training run, as in Algorithm 1 of Gulrajani et al. (2017): every step is one critic
/// update on its own batch of real examples (loss: mean critic(fake) − mean critic(real) + λ·gradient penalty), and
/// every <c>n_critic</c>-th step is followed by one generator update (loss: −mean critic(G(z))). So each critic
/// update sees fresh real examples, and an epoch is one pass of the critic over the training set. Per epoch: the
/// sample quality of the data's kind (pixel Fréchet distance; or modes captured and high-quality samples), the
/// critic's Wasserstein estimate between held-out and generated examples, a sample grid or scatter plot and the
/// samples as .npy. Curriculum stages change the resolution the critic sees (and optionally instance noise), the
/// gradient penalty included: it is taken between the examples the critic is shown.
/// </summary>
internal sealed class WganGpRun : IModelRun
{
    private const int GridColumns = 8;
    private const int GridImages = 64;

    private readonly WganGpHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly Module<Tensor, Tensor> generator;
    private readonly Module<Tensor, Tensor> critic;
    private readonly SampleSpace space;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer criticOptimizer;
    private readonly Generator trainingNoise;
    private readonly DiscriminatorView view;
    private readonly GeneratorAverage<Module<Tensor, Tensor>> average;
    private long criticUpdates;

    /// <param name="critic">One unbounded score per example, depending on that example only (no batch norm).</param>
    /// <param name="buildGenerator">Builds another generator like <paramref name="generator"/>: the weight average's, when <c>generator_ema</c> is on.</param>
    public WganGpRun(
        WganGpHyperparameters hyperparameters,
        Module<Tensor, Tensor> generator,
        Module<Tensor, Tensor> critic,
        Func<Module<Tensor, Tensor>> buildGenerator,
        SampleSpace space,
        long seed,
        Device device)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        this.generator = generator;
        this.critic = critic;
        this.space = space;
        generator.to(device);
        critic.to(device);
        generatorOptimizer = new ScalarSafeAdam(generator.parameters(), hyperparameters.GeneratorLearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
        criticOptimizer = new ScalarSafeAdam(critic.parameters(), hyperparameters.CriticLearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState()
            .Network("generator", generator).Network("critic", critic)
            .Optimizer("generator", generatorOptimizer).Optimizer("critic", criticOptimizer)
            .RandomGenerator("training_noise", trainingNoise)
            .Counter("critic_updates", () => criticUpdates, value => criticUpdates = value);
        average = new GeneratorAverage<Module<Tensor, Tensor>>(hyperparameters.GeneratorEma, generator, buildGenerator, device);
        average.Register(State);
        view = new DiscriminatorView(instanceNoise: 0, trainingNoise, device);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.BatchSize;

    public void SetTraining(bool training) => TrainingMode.Set(training, generator, critic);

    public void EnterStage(CurriculumStageSettings stage) => view.EnterStage(stage);

    /// <summary>One critic update; then a generator update when it was the <c>n_critic</c>-th. Adds the critic loss to <paramref name="lossTotal"/>.</summary>
    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var size = batch.Count;
        var real = view.Training(space.ToNetwork(batch.Examples)); // in the networks' range, as the stage shows it

        criticOptimizer.zero_grad();
        var fake = view.Training(generator.call(Latent(size)).detach());
        var realScores = critic.call(real);
        var fakeScores = critic.call(fake);
        long[] oneMixPerExample = [size, .. Enumerable.Repeat(1L, (int)real.dim() - 1)];
        var mixing = torch.rand(oneMixPerExample, device: device, generator: trainingNoise);
        var penalty = GradientPenalty.Of(critic.call, real, fake, mixing);
        var wasserstein = realScores.mean() - fakeScores.mean();
        var criticLoss = penalty.Times(hyperparameters.PenaltyWeight).Minus(wasserstein);
        criticLoss.backward();
        criticOptimizer.step();
        lossTotal.AddScaled_(criticLoss.detach().to(ScalarType.Float64), size);

        criticUpdates++;
        if (criticUpdates % hyperparameters.CriticSteps == 0)
        {
            generatorOptimizer.zero_grad();
            var generatorLoss = -critic.call(view.Training(generator.call(Latent(size)))).mean();
            generatorLoss.backward();
            generatorOptimizer.step();
            average.Update();
        }

        if (!readMetrics)
        {
            return null;
        }

        // One read-back for all four values: a single device sync.
        var values = torch.stack([wasserstein, criticLoss, penalty, -fakeScores.mean()]).detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["wasserstein"] = values[0],
            ["critic_loss"] = values[1],
            ["gradient_penalty"] = values[2],
            ["g_loss"] = values[3],
        };
    }

    /// <summary>
    /// Quality and the critic's Wasserstein estimate of the samples from the fixed z; images: a grid of 64 of them and
    /// all 1,000 as float32 [N, C, H, W] in [0, 1]; points: a scatter plot and all 2,500 as [N, 2].
    /// </summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var reals = heldOut.Examples.narrow(0, 0, Math.Min(space.Samples, heldOut.Count));
        var samples = Samples(space.Samples);
        cancellationToken.ThrowIfCancellationRequested();
        var wasserstein = EvaluationChunks.Map(view.AtResolution(space.ToNetwork(reals)), critic.call).mean() - EvaluationChunks.Map(view.AtResolution(space.ToNetwork(samples)), critic.call).mean();
        var metrics = space.Quality(samples, heldOut);
        metrics["wasserstein"] = wasserstein.item<float>();
        return new EpochEvaluation(metrics, space.Artifacts(epoch, samples, () => samples.narrow(0, 0, GridImages), GridColumns));
    }

    public void Dispose()
    {
        space.Dispose();
        average.Dispose();
        trainingNoise.Dispose();
        generatorOptimizer.Dispose();
        criticOptimizer.Dispose();
        generator.Dispose();
        critic.Dispose();
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
