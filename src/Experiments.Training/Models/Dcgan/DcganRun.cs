using Experiments.Training.Engine;
using Experiments.Training.Imaging;
using Experiments.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Dcgan;

/// <summary>
/// The DCGAN's part of a training run: per step, <c>d_steps</c> discriminator updates (BCE on real and generated
/// images, with the stabilisers people reach for: one-sided label smoothing, random label flips, instance noise),
/// then one non-saturating generator update. Per epoch: the Fréchet distance of generated to held-out digits on
/// pooled pixels, D's view of both, a sample grid and 1,000 samples as .npy.
/// </summary>
internal sealed class DcganRun : IModelRun
{
    private const int GridColumns = 8;
    private const int GridImages = 64;
    private const int EvaluationSamples = 1000;
    private const int FeaturePool = 4; // 28x28 pooled to 7x7: 49 features per image

    private readonly DcganHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly DcganGenerator generator;
    private readonly DcganDiscriminator discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Generator trainingNoise;
    private readonly Tensor discriminatorLossTotal;
    private long examplesThisEpoch;

    public DcganRun(DcganHyperparameters hyperparameters, long seed, Device device)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        generator = new DcganGenerator(hyperparameters.LatentDim, hyperparameters.BaseChannels);
        discriminator = new DcganDiscriminator(hyperparameters.BaseChannels);
        generator.to(device);
        discriminator.to(device);
        var betas = (hyperparameters.Beta1, hyperparameters.Beta2);
        generatorOptimizer = optim.Adam(generator.parameters(), lr: hyperparameters.GeneratorLearningRate, beta1: betas.Beta1, beta2: betas.Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), lr: hyperparameters.DiscriminatorLearningRate, beta1: betas.Beta1, beta2: betas.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        discriminatorLossTotal = torch.zeros(1, ScalarType.Float64, device);
    }

    public int BatchSize => hyperparameters.BatchSize;

    public void SetTraining(bool training)
    {
        if (training)
        {
            generator.train();
            discriminator.train();
        }
        else
        {
            generator.eval();
            discriminator.eval();
        }
    }

    public IReadOnlyDictionary<string, double>? TrainStep(Tensor batch, Tensor lossTotal, bool readMetrics)
    {
        var size = batch.shape[0];
        var real = (batch * 2) - 1; // the generator's tanh range
        Tensor discriminatorLoss = null!, realLogits = null!, fakeLogits = null!;
        for (var k = 0; k < hyperparameters.DiscriminatorSteps; k++)
        {
            discriminatorOptimizer.zero_grad();
            var fake = generator.call(Latent(size)).detach();
            realLogits = discriminator.call(WithInstanceNoise(real));
            fakeLogits = discriminator.call(WithInstanceNoise(fake));
            var (realTargets, fakeTargets) = Targets(size);
            discriminatorLoss = binary_cross_entropy_with_logits(realLogits, realTargets) + binary_cross_entropy_with_logits(fakeLogits, fakeTargets);
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var generatedLogits = discriminator.call(WithInstanceNoise(generator.call(Latent(size))));
        var generatorLoss = binary_cross_entropy_with_logits(generatedLogits, torch.ones_like(generatedLogits));
        generatorLoss.backward();
        generatorOptimizer.step();

        lossTotal.add_(generatorLoss.detach().to(ScalarType.Float64), size);
        discriminatorLossTotal.add_(discriminatorLoss.detach().to(ScalarType.Float64), size);
        examplesThisEpoch += size;
        if (!readMetrics)
        {
            return null;
        }

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["d_loss"] = discriminatorLoss.item<float>(),
            ["g_loss"] = generatorLoss.item<float>(),
            ["d_real"] = realLogits.sigmoid().mean().item<float>(),
            ["d_fake"] = fakeLogits.sigmoid().mean().item<float>(),
        };
    }

    public IReadOnlyDictionary<string, double> Evaluate(Tensor heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var reals = heldOut.narrow(0, 0, Math.Min(EvaluationSamples, heldOut.shape[0]));
        var samples = Samples(EvaluationSamples);
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["fd_pixels"] = FrechetDistance.Between(PooledPixels(samples), PooledPixels(reals)),
            ["d_real"] = discriminator.call((reals * 2) - 1).sigmoid().mean().item<float>(),
            ["d_fake"] = discriminator.call((samples * 2) - 1).sigmoid().mean().item<float>(),
            ["train_d_loss"] = discriminatorLossTotal.item<double>() / Math.Max(1, examplesThisEpoch),
        };
        discriminatorLossTotal.zero_();
        examplesThisEpoch = 0;
        return metrics;
    }

    /// <summary>A grid of 64 samples and the first 1,000 as float32 [N, 1, 28, 28] in [0, 1], from the same z every epoch.</summary>
    public IReadOnlyList<TrainingArtifact> Artifacts(int epoch, Tensor heldOut)
    {
        using var scope = torch.NewDisposeScope();
        var samples = Samples(EvaluationSamples).to(CPU).contiguous();
        var values = samples.data<float>().ToArray();
        var grid = ImageGrid.Tile(values.AsSpan(0, GridImages * DcganGenerator.ImageSide * DcganGenerator.ImageSide), GridImages, DcganGenerator.ImageSide, GridColumns);
        return
        [
            new TrainingArtifact($"samples/epoch-{epoch:D3}.png", PngEncoder.EncodeGrey8(grid.Pixels, grid.Width, grid.Height)),
            new TrainingArtifact($"samples/epoch-{epoch:D3}.npy", NpyWriter.Float32(values, samples.shape)),
        ];
    }

    public void Dispose()
    {
        discriminatorLossTotal.Dispose();
        trainingNoise.Dispose();
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        discriminator.Dispose();
    }

    private Tensor Latent(long count) => randn([count, hyperparameters.LatentDim], device: device, generator: trainingNoise);

    /// <summary>Samples in [0, 1] from a fixed draw of z, so epochs are compared on the same codes.</summary>
    private Tensor Samples(int count)
    {
        using var fixedNoise = new Generator(unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL, device);
        var latent = randn([count, hyperparameters.LatentDim], device: device, generator: fixedNoise);
        return (generator.call(latent) + 1) / 2;
    }

    private static Tensor PooledPixels(Tensor images) => avg_pool2d(images, FeaturePool).flatten(1);

    /// <summary>Instance noise (Sønderby et al. 2017): the same Gaussian noise level on real and generated inputs of D.</summary>
    private Tensor WithInstanceNoise(Tensor images) =>
        hyperparameters.InstanceNoise > 0
            ? images + (hyperparameters.InstanceNoise * randn(images.shape, device: device, generator: trainingNoise))
            : images;

    /// <summary>One-sided label smoothing on the real targets only (Salimans et al. 2016), then random label flips.</summary>
    private (Tensor Real, Tensor Fake) Targets(long size)
    {
        var real = torch.full(size, 1.0 - hyperparameters.LabelSmoothing, device: device);
        var fake = torch.zeros(size, device: device);
        if (hyperparameters.LabelFlip > 0)
        {
            var flipReal = torch.rand(size, device: device, generator: trainingNoise) < hyperparameters.LabelFlip;
            var flipFake = torch.rand(size, device: device, generator: trainingNoise) < hyperparameters.LabelFlip;
            real = torch.where(flipReal, torch.zeros_like(real), real);
            fake = torch.where(flipFake, torch.ones_like(fake), fake);
        }

        return (real, fake);
    }
}
