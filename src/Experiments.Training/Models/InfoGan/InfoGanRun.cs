using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Imaging;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.InfoGan;

/// <summary>
/// InfoGAN's part of a training run: the DCGAN game, plus a mutual-information term. The generator gets noise z, a
/// categorical code and continuous codes (uniform in [-1, 1]); the Q head must recover the codes from the generated
/// example (cross-entropy for the category, squared error for the continuous codes, i.e. a Gaussian with fixed
/// variance), and the generator and Q minimise <c>info_lambda</c> times that loss along with the adversarial one.
/// Image sample grids vary one code per axis: the category down the rows, one continuous code across the columns;
/// points are plotted over the mixture's modes.
/// </summary>
internal sealed class InfoGanRun : IModelRun
{
    private const int GridColumns = 8;

    private readonly InfoGanHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly Module<Tensor, Tensor> generator;
    private readonly InfoGanDiscriminator discriminator;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Generator trainingNoise;
    private readonly Stabilisers stabilisers;
    private readonly DiscriminatorView view;
    private readonly AdversarialLosses losses;
    private readonly SampleSpace space;
    private readonly GeneratorAverage<Module<Tensor, Tensor>> average;

    /// <param name="generator">Takes noise and codes [N, <see cref="InfoGanHyperparameters.GeneratorInput"/>]; gives examples in the networks' range.</param>
    /// <param name="buildGenerator">Builds another generator like <paramref name="generator"/>: the weight average's, when <c>generator_ema</c> is on.</param>
    public InfoGanRun(
        InfoGanHyperparameters hyperparameters,
        Module<Tensor, Tensor> generator,
        InfoGanDiscriminator discriminator,
        Func<Module<Tensor, Tensor>> buildGenerator,
        SampleSpace space,
        long seed,
        Device device)
    {
        var gan = hyperparameters.Gan;
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        this.generator = generator;
        this.discriminator = discriminator;
        this.space = space;
        generator.to(device);
        discriminator.to(device);
        generatorOptimizer = new ScalarSafeAdam(generator.parameters().Concat(discriminator.RecoveryParameters), gan.GeneratorLearningRate, gan.Beta1, gan.Beta2);
        discriminatorOptimizer = new ScalarSafeAdam(discriminator.DiscriminationParameters, gan.DiscriminatorLearningRate, gan.Beta1, gan.Beta2);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState()
            .Network("generator", generator).Network("discriminator", discriminator)
            .Optimizer("generator", generatorOptimizer).Optimizer("discriminator", discriminatorOptimizer)
            .RandomGenerator("training_noise", trainingNoise);
        average = new GeneratorAverage<Module<Tensor, Tensor>>(gan.GeneratorEma, generator, buildGenerator, device);
        average.Register(State);
        stabilisers = new Stabilisers(gan.LabelSmoothing, gan.LabelFlip, trainingNoise, device);
        view = new DiscriminatorView(gan.InstanceNoise, trainingNoise, device);
        losses = new AdversarialLosses(device);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.Gan.BatchSize;

    public void SetTraining(bool training) => TrainingMode.Set(training, generator, discriminator);

    /// <summary>The DCGAN's curriculum: the resolution and instance noise of what D and Q are shown.</summary>
    public void EnterStage(CurriculumStageSettings stage) => view.EnterStage(stage);

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var size = batch.Count;
        var real = space.ToNetwork(batch.Examples);
        Tensor discriminatorLoss = null!, realLogits = null!, fakeLogits = null!;
        for (var k = 0; k < hyperparameters.Gan.DiscriminatorSteps; k++)
        {
            discriminatorOptimizer.zero_grad();
            var fake = generator.call(RandomCodes(size).Input).detach();
            realLogits = discriminator.call(view.Training(real)).Logit;
            fakeLogits = discriminator.call(view.Training(fake)).Logit;
            var (realTargets, fakeTargets) = stabilisers.Targets(size);
            discriminatorLoss = binary_cross_entropy_with_logits(realLogits, realTargets).Plus(binary_cross_entropy_with_logits(fakeLogits, fakeTargets));
            discriminatorLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var codes = RandomCodes(size);
        var (logits, recovered) = discriminator.call(view.Training(generator.call(codes.Input)));
        var adversarialLoss = binary_cross_entropy_with_logits(logits, torch.ones_like(logits));
        var (categoricalLoss, continuousLoss) = InformationLosses(recovered, codes);
        var generatorLoss = adversarialLoss.Plus(categoricalLoss.Plus(continuousLoss.Times(hyperparameters.ContinuousLambda)).Times(hyperparameters.InfoLambda));
        generatorLoss.backward();
        generatorOptimizer.step();
        average.Update();

        losses.Add(lossTotal, generatorLoss, discriminatorLoss, size);
        if (!readMetrics)
        {
            return null;
        }

        var metrics = AdversarialLosses.StepMetrics(discriminatorLoss, adversarialLoss, realLogits, fakeLogits);
        metrics["info_categorical"] = categoricalLoss.item<float>();
        metrics["info_continuous"] = continuousLoss.item<float>();
        return metrics;
    }

    /// <summary>
    /// Quality, D(x), D(G(z)) and how well Q recovers the category of the samples from the fixed codes. Images:
    /// <c>samples/epoch-NNN.png</c>, one row per category, the first continuous code from -1 to 1 across; one more grid
    /// per further continuous code (<c>epoch-NNN-code2.png</c>, ...); and the 1,000 samples as .npy. Points: a scatter
    /// plot and the 2,500 samples as .npy.
    /// </summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var reals = heldOut.Examples.narrow(0, 0, Math.Min(space.Samples, heldOut.Count));
        var codes = FixedCodes(space.Samples);
        var samples = Generate(codes.Input);
        cancellationToken.ThrowIfCancellationRequested();
        var (fakeLogit, recovered) = EvaluationChunks.MapPair(view.AtResolution(space.ToNetwork(samples)), x => discriminator.call(x));
        var categories = recovered.narrow(1, 0, hyperparameters.Categories).argmax(1);
        var metrics = space.Quality(samples, heldOut);
        metrics["d_real"] = EvaluationChunks.Map(view.AtResolution(space.ToNetwork(reals)), x => discriminator.call(x).Logit).sigmoid().mean().item<float>();
        metrics["d_fake"] = fakeLogit.sigmoid().mean().item<float>();
        metrics["code_accuracy"] = categories.eq(codes.Category).to(ScalarType.Float32).mean().item<float>();
        metrics["train_d_loss"] = losses.TakeDiscriminatorMean();
        var artifacts = space.Artifacts(epoch, samples, () => CodeGrid(0), GridColumns);
        if (space is not ImageSampleSpace)
        {
            return new EpochEvaluation(metrics, artifacts);
        }

        for (var code = 1; code < hyperparameters.ContinuousCodes; code++)
        {
            var grid = CodeGrid(code).to(CPU).contiguous();
            var (pixels, width, height) = ImageGrid.Tile(grid.data<float>().ToArray(), (int)grid.shape[0], DcganGenerator.ImageSide, GridColumns);
            artifacts.Add(new TrainingArtifact($"samples/epoch-{epoch:D3}-code{code + 1}.png", PngEncoder.EncodeGrey8(pixels, width, height)));
        }

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

    private (Tensor Categorical, Tensor Continuous) InformationLosses(Tensor recovered, LatentCodes codes)
    {
        var categorical = cross_entropy(recovered.narrow(1, 0, hyperparameters.Categories), codes.Category);
        var continuous = hyperparameters.ContinuousCodes == 0
            ? torch.zeros([], device: device)
            : mse_loss(recovered.narrow(1, hyperparameters.Categories, hyperparameters.ContinuousCodes), codes.Continuous);
        return (categorical, continuous);
    }

    private LatentCodes RandomCodes(long count) => Codes(
        randn([count, hyperparameters.Gan.LatentDim], device: device, generator: trainingNoise),
        torch.randint(hyperparameters.Categories, [count], device: device, generator: trainingNoise),
        torch.rand([count, hyperparameters.ContinuousCodes], device: device, generator: trainingNoise).Times(2).Minus(1));

    /// <summary>The same noise and codes every epoch: categories in turn, continuous codes spread over [-1, 1].</summary>
    private LatentCodes FixedCodes(int count)
    {
        using var fixedNoise = new Generator(unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL, device);
        return Codes(
            randn([count, hyperparameters.Gan.LatentDim], device: device, generator: fixedNoise),
            ScalarArithmetic.Range(count, device).Modulo(hyperparameters.Categories),
            torch.rand([count, hyperparameters.ContinuousCodes], device: device, generator: fixedNoise).Times(2).Minus(1));
    }

    /// <summary>Rows: each category; columns: continuous code <paramref name="code"/> from -1 to 1, the other codes 0; one z per row.</summary>
    private Tensor CodeGrid(int code)
    {
        var categories = hyperparameters.Categories;
        using var fixedNoise = new Generator(unchecked((ulong)seed) + 7, device);
        var noise = randn([categories, hyperparameters.Gan.LatentDim], device: device, generator: fixedNoise).repeat_interleave(GridColumns, 0);
        var category = ScalarArithmetic.Range(categories, device).repeat_interleave(GridColumns);
        var continuous = torch.zeros([categories * GridColumns, hyperparameters.ContinuousCodes], device: device);
        if (code < hyperparameters.ContinuousCodes)
        {
            continuous[TensorIndex.Colon, code] = torch.linspace(-1, 1, GridColumns, device: device).repeat(categories);
        }

        return Generate(Codes(noise, category, continuous).Input);
    }

    private LatentCodes Codes(Tensor noise, Tensor category, Tensor continuous) =>
        new(cat([noise, one_hot(category, hyperparameters.Categories).to(ScalarType.Float32), continuous], 1), category, continuous);

    /// <summary>Examples as data (images in [0, 1]), by the averaged generator when there is one.</summary>
    private Tensor Generate(Tensor input) => space.FromNetwork(EvaluationChunks.Map(input, average.Sampler.call));

    private sealed record LatentCodes(Tensor Input, Tensor Category, Tensor Continuous);
}
