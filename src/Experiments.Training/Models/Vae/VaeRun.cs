using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Imaging;
using Experiments.Training.Models.Anomaly;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Vae;

/// <summary>
/// The VAE's part of a training run: Adam on the beta-ELBO, held-out ELBO terms, sample and reconstruction grids. A
/// KL warm-up (curriculum setting <c>beta_scale</c>) scales the KL term's weight while training; held-out metrics
/// always use beta itself, so epochs of different stages compare. With <c>anomaly_class</c> set it trains without that
/// class, reports the held-out terms over the normal digits and scores every held-out digit by its negative ELBO.
/// </summary>
internal sealed class VaeRun : IModelRun
{
    /// <summary>The AUROC of the reconstruction error alone (<c>anomaly_auroc</c> ranks by the negative ELBO).</summary>
    public const string AurocByReconstruction = AnomalyClass.AurocMetric + "_reconstruction";

    private const int EvaluationBatchSize = 500;
    private const int GridColumns = 8;
    private const int GridImages = 64;

    private readonly VaeHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly ConvolutionalVae model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator trainingNoise;
    private double klWeight;
    private HeldOutAnomalies? anomalies;

    public VaeRun(VaeHyperparameters hyperparameters, long seed, Device device)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        klWeight = hyperparameters.Beta;
        model = new ConvolutionalVae(hyperparameters.LatentDim, hyperparameters.BaseChannels);
        model.to(device);
        optimizer = new ScalarSafeAdam(model.parameters(), hyperparameters.LearningRate, weightDecay: hyperparameters.WeightDecay);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState().Network("vae", model).Optimizer("vae", optimizer).RandomGenerator("training_noise", trainingNoise);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.BatchSize;

    /// <summary>Leaves the anomaly class's digits out of training (all digits when none is set).</summary>
    public TrainingBatch Prepare(TrainingBatch train) => AnomalyClass.LeaveOut(train, hyperparameters.AnomalyClass);

    public void SetTraining(bool training) => TrainingMode.Set(training, model);

    public void EnterStage(CurriculumStageSettings stage) => klWeight = hyperparameters.Beta * stage.Number(VaeFamily.BetaScale);

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var images = batch.Examples;
        var batchSize = batch.Count;
        optimizer.zero_grad();
        var output = model.Forward(images, trainingNoise);
        var (reconstructionSum, klSum) = VaeLoss.BatchSums(output, images);
        var loss = reconstructionSum.Plus(klSum.Times(klWeight)).DividedBy(batchSize);
        loss.backward();
        optimizer.step();
        lossTotal.AddScaled_(loss.detach().to(ScalarType.Float64), batchSize);
        if (!readMetrics)
        {
            return null;
        }

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_loss"] = loss.item<float>(),
            ["train_reconstruction"] = reconstructionSum.item<float>() / batchSize,
            ["train_kl"] = klSum.item<float>() / batchSize,
        };
    }

    /// <summary>
    /// Held-out ELBO and its parts (over the normal digits when an anomaly class is set, with the anomaly scores), and
    /// the sample grids of <see cref="Grids"/>.
    /// </summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        var (reconstruction, kl) = PerImageTerms(heldOut.Examples, cancellationToken);
        var artifacts = Grids(epoch, heldOut);
        if (hyperparameters.AnomalyClass == AnomalyClass.None)
        {
            return new(Metrics(reconstruction.Average(), kl.Average()), artifacts);
        }

        anomalies ??= new HeldOutAnomalies(heldOut, hyperparameters.AnomalyClass);
        var negativeElbo = reconstruction.Zip(kl, (r, k) => r + k).ToArray();
        var metrics = Metrics(anomalies.MeanOverNormal(reconstruction), anomalies.MeanOverNormal(kl));
        metrics[AnomalyClass.AurocMetric] = anomalies.Auroc(negativeElbo);
        metrics[AurocByReconstruction] = anomalies.Auroc(reconstruction);
        artifacts.Add(anomalies.Histogram(epoch, negativeElbo));
        return new(metrics, artifacts);
    }

    /// <summary>Each held-out image's reconstruction NLL and KL, in held-out order.</summary>
    private (double[] Reconstruction, double[] Kl) PerImageTerms(Tensor examples, CancellationToken cancellationToken)
    {
        // Fresh, fixed noise each epoch: epochs are compared on the same draw of z.
        using var noise = new Generator(unchecked((ulong)seed) ^ 0x9E3779B97F4A7C15UL, device);
        var count = examples.shape[0];
        var reconstruction = new List<double>((int)count);
        var kl = new List<double>((int)count);
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var images = examples.narrow(0, start, Math.Min(EvaluationBatchSize, count - start));
            var (reconstructionTerms, klTerms) = VaeLoss.PerImage(model.Forward(images, noise), images);
            reconstruction.AddRange(reconstructionTerms.to(CPU).data<float>().Select(value => (double)value));
            kl.AddRange(klTerms.to(CPU).data<float>().Select(value => (double)value));
        }

        return ([.. reconstruction], [.. kl]);
    }

    /// <summary>The held-out metrics from the mean reconstruction NLL and KL per image; loss weighs KL with beta itself.</summary>
    private Dictionary<string, double> Metrics(double reconstruction, double kl) => new(StringComparer.Ordinal)
    {
        ["elbo"] = -(reconstruction + kl),
        ["loss"] = reconstruction + (hyperparameters.Beta * kl),
        ["reconstruction"] = reconstruction,
        ["kl"] = kl,
    };

    /// <summary>64 decoded draws from the prior, and 32 held-out digits each followed (row below) by its reconstruction.</summary>
    private List<TrainingArtifact> Grids(int epoch, TrainingBatch heldOut)
    {
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(unchecked((ulong)seed) + 1, device);
        const int side = ConvolutionalVae.ImageSide;

        var prior = randn([GridImages, model.LatentDim], device: device, generator: noise);
        var samples = model.Decode(prior).sigmoid();

        var originalsCount = Math.Min(GridImages / 2, heldOut.Count);
        var originals = heldOut.Examples.narrow(0, 0, originalsCount);
        // Reconstructions from the posterior mean: the picture shows what the code captures, not sampling noise.
        var output = model.Forward(originals, noise);
        var reconstructed = model.Decode(output.Mean).sigmoid();
        var rows = new List<Tensor>();
        for (long start = 0; start < originalsCount; start += GridColumns)
        {
            var length = Math.Min(GridColumns, originalsCount - start);
            rows.Add(originals.narrow(0, start, length));
            rows.Add(reconstructed.narrow(0, start, length));
        }

        var pairs = torch.cat(rows, 0);
        return
        [
            new TrainingArtifact($"samples/epoch-{epoch:D3}.png", ToPng(samples, side)),
            new TrainingArtifact($"reconstructions/epoch-{epoch:D3}.png", ToPng(pairs, side)),
        ];
    }

    public void Dispose()
    {
        trainingNoise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }

    private static byte[] ToPng(Tensor images, int side) =>
        ImageGrid.GreyPng(images, side, GridColumns);
}
