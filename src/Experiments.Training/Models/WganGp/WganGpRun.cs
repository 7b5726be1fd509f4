using Experiments.Training.Models.Dcgan;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.WganGp;

/// <summary>
/// The WGAN-GP's part of a training run, as in Algorithm 1 of Gulrajani et al. (2017): every step is one critic
/// update on its own batch of real digits (loss: mean critic(fake) − mean critic(real) + λ·gradient penalty), and
/// every <c>n_critic</c>-th step is followed by one generator update (loss: −mean critic(G(z))). So each critic
/// update sees fresh real digits, and an epoch is one pass of the critic over the training set. Per epoch: the
/// Fréchet distance of generated to held-out digits on pooled pixels, the critic's Wasserstein estimate between
/// them, a sample grid and 1,000 samples as .npy. Curriculum stages change the resolution the critic sees (and
/// optionally instance noise), the gradient penalty included: it is taken between the images the critic is shown.
/// </summary>
internal sealed class WganGpRun : IModelRun
{
    private const int GridColumns = 8;
    private const int GridImages = 64;

    private readonly WganGpHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly DcganGenerator generator;
    private readonly WganGpCritic critic;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer criticOptimizer;
    private readonly Generator trainingNoise;
    private readonly DiscriminatorView view;
    private long criticUpdates;

    public WganGpRun(WganGpHyperparameters hyperparameters, long seed, Device device)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        generator = new DcganGenerator(hyperparameters.LatentDim, hyperparameters.BaseChannels);
        critic = new WganGpCritic(hyperparameters.BaseChannels, hyperparameters.CriticLayerNorm);
        generator.to(device);
        critic.to(device);
        generatorOptimizer = optim.Adam(generator.parameters(), lr: hyperparameters.GeneratorLearningRate, beta1: hyperparameters.Beta1, beta2: hyperparameters.Beta2);
        criticOptimizer = optim.Adam(critic.parameters(), lr: hyperparameters.CriticLearningRate, beta1: hyperparameters.Beta1, beta2: hyperparameters.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState()
            .Network("generator", generator).Network("critic", critic)
            .Optimizer("generator", generatorOptimizer).Optimizer("critic", criticOptimizer)
            .RandomGenerator("training_noise", trainingNoise)
            .Counter("critic_updates", () => criticUpdates, value => criticUpdates = value);
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
        var real = view.Training((batch.Examples * 2) - 1); // the generator's tanh range, as the stage shows it

        criticOptimizer.zero_grad();
        var fake = view.Training(generator.call(Latent(size)).detach());
        var realScores = critic.call(real);
        var fakeScores = critic.call(fake);
        var mixing = torch.rand([size, 1, 1, 1], device: device, generator: trainingNoise);
        var penalty = GradientPenalty.Of(critic.call, real, fake, mixing);
        var wasserstein = realScores.mean() - fakeScores.mean();
        var criticLoss = (hyperparameters.PenaltyWeight * penalty) - wasserstein;
        criticLoss.backward();
        criticOptimizer.step();
        lossTotal.add_(criticLoss.detach().to(ScalarType.Float64), size);

        criticUpdates++;
        if (criticUpdates % hyperparameters.CriticSteps == 0)
        {
            generatorOptimizer.zero_grad();
            var generatorLoss = -critic.call(view.Training(generator.call(Latent(size)))).mean();
            generatorLoss.backward();
            generatorOptimizer.step();
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

    public IReadOnlyDictionary<string, double> Evaluate(TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var reals = heldOut.Examples.narrow(0, 0, Math.Min(SampleReport.Samples, heldOut.Count));
        var samples = Samples(SampleReport.Samples);
        cancellationToken.ThrowIfCancellationRequested();
        var wasserstein = critic.call(view.AtResolution((reals * 2) - 1)).mean() - critic.call(view.AtResolution((samples * 2) - 1)).mean();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["fd_pixels"] = SampleReport.PixelFrechetDistance(samples, heldOut),
            ["wasserstein"] = wasserstein.item<float>(),
        };
    }

    /// <summary>A grid of 64 samples and all 1,000 as float32 [N, 1, 28, 28] in [0, 1], from the same z every epoch.</summary>
    public IReadOnlyList<TrainingArtifact> Artifacts(int epoch, TrainingBatch heldOut)
    {
        using var scope = torch.NewDisposeScope();
        var samples = Samples(SampleReport.Samples);
        return SampleReport.Artifacts(epoch, samples, samples.narrow(0, 0, GridImages), GridColumns);
    }

    public void Dispose()
    {
        trainingNoise.Dispose();
        generatorOptimizer.Dispose();
        criticOptimizer.Dispose();
        generator.Dispose();
        critic.Dispose();
    }

    private Tensor Latent(long count) => randn([count, hyperparameters.LatentDim], device: device, generator: trainingNoise);

    /// <summary>Samples in [0, 1] from a fixed draw of z, so epochs are compared on the same codes.</summary>
    private Tensor Samples(int count)
    {
        using var fixedNoise = new Generator(unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL, device);
        var latent = randn([count, hyperparameters.LatentDim], device: device, generator: fixedNoise);
        return (generator.call(latent) + 1) / 2;
    }
}
