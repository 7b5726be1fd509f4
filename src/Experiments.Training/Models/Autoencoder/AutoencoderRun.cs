using Experiments.Training.Engine;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Engine.Scalars;
using Experiments.Training.Imaging;
using Experiments.Training.Models.Anomaly;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Autoencoder;

/// <summary>
/// The autoencoder's part of a training run: Adam on the Bernoulli reconstruction of the clean image from a
/// (noisy, when denoising) input plus an optional L1 penalty on the code; held-out reconstruction error without
/// noise; reconstruction grids. With <c>anomaly_class</c> set it trains without that class and scores every held-out
/// digit by its reconstruction error (AUROC and a histogram). Growing noise (curriculum setting <c>noise_scale</c>)
/// scales the training noise.
/// </summary>
internal sealed class AutoencoderRun : IModelRun
{
    private const int GridColumns = 8;
    private const int GridOriginals = 32;
    private const int Pixels = ConvolutionalAutoencoder.ImageSide * ConvolutionalAutoencoder.ImageSide;

    private readonly AutoencoderHyperparameters hyperparameters;
    private readonly long seed;
    private readonly Device device;
    private readonly ConvolutionalAutoencoder model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator trainingNoise;
    private double noiseStandardDeviation;
    private HeldOutAnomalies? anomalies;

    public AutoencoderRun(AutoencoderHyperparameters hyperparameters, long seed, Device device)
    {
        this.hyperparameters = hyperparameters;
        this.seed = seed;
        this.device = device;
        noiseStandardDeviation = hyperparameters.Denoising;
        model = new ConvolutionalAutoencoder(hyperparameters.CodeDim, hyperparameters.BaseChannels);
        model.to(device);
        optimizer = new ScalarSafeAdam(model.parameters(), hyperparameters.LearningRate, weightDecay: hyperparameters.WeightDecay);
        trainingNoise = new Generator(unchecked((ulong)seed), device);
        State = new ModelState().Network("autoencoder", model).Optimizer("autoencoder", optimizer).RandomGenerator("training_noise", trainingNoise);
    }

    public ModelState State { get; }

    public int BatchSize => hyperparameters.BatchSize;

    /// <summary>Leaves the anomaly class's digits out of training (all digits when none is set).</summary>
    public TrainingBatch Prepare(TrainingBatch train) => AnomalyClass.LeaveOut(train, hyperparameters.AnomalyClass);

    public void SetTraining(bool training) => TrainingMode.Set(training, model);

    public void EnterStage(CurriculumStageSettings stage) =>
        noiseStandardDeviation = hyperparameters.Denoising * stage.Number(AutoencoderFamily.NoiseScale);

    public IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics)
    {
        var images = batch.Examples;
        var batchSize = batch.Count;
        optimizer.zero_grad();
        var code = model.Encode(Corrupt(images, noiseStandardDeviation, trainingNoise));
        var (loss, reconstruction, codeL1) = AutoencoderLoss.Training(model.Decode(code), code, images, hyperparameters.Sparsity, reportCodeL1: readMetrics);
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
            ["train_reconstruction"] = reconstruction.item<float>(),
            ["train_code_l1"] = codeL1!.item<float>(),
        };
    }

    /// <summary>Held-out reconstruction error without noise (of the normal digits, with an anomaly class), anomaly scores, and the grids.</summary>
    public EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (reconstruction, squaredError) = PerImageErrors(heldOut.Examples);
        var artifacts = Grids(epoch, heldOut);
        if (hyperparameters.AnomalyClass == AnomalyClass.None)
        {
            return new(new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["reconstruction"] = reconstruction.Average(),
                ["mse"] = squaredError.Average() / Pixels,
            }, artifacts);
        }

        anomalies ??= new HeldOutAnomalies(heldOut, hyperparameters.AnomalyClass);
        artifacts.Add(anomalies.Histogram(epoch, reconstruction));
        return new(new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["reconstruction"] = anomalies.MeanOverNormal(reconstruction),
            ["mse"] = anomalies.MeanOverNormal(squaredError) / Pixels,
            [AnomalyClass.AurocMetric] = anomalies.Auroc(reconstruction),
        }, artifacts);
    }

    /// <summary>Each held-out image's Bernoulli NLL and summed squared error, in held-out order.</summary>
    private (double[] Reconstruction, double[] SquaredError) PerImageErrors(Tensor examples)
    {
        using var scope = torch.NewDisposeScope();
        var (reconstruction, squaredError) = EvaluationChunks.MapPair(examples, images =>
        {
            var logits = model.call(images);
            return (AutoencoderLoss.ReconstructionPerImage(logits, images), AutoencoderLoss.SquaredErrorPerImage(logits, images));
        });
        return (ToDoubles(reconstruction), ToDoubles(squaredError));
    }

    /// <summary>
    /// 32 held-out digits each followed (row below) by its reconstruction; when denoising, also the same digits, their
    /// noisy versions (the full training noise, from a fixed generator) and what the network makes of them.
    /// </summary>
    private List<TrainingArtifact> Grids(int epoch, TrainingBatch heldOut)
    {
        using var scope = torch.NewDisposeScope();
        var originals = heldOut.Examples.narrow(0, 0, Math.Min(GridOriginals, heldOut.Count));
        var artifacts = new List<TrainingArtifact>
        {
            new($"reconstructions/epoch-{epoch:D3}.png", ToPng(Interleave(originals, model.call(originals).sigmoid()))),
        };
        if (hyperparameters.Denoising > 0)
        {
            // Its own generator, so the picture never moves the training noise (exact resume).
            using var noise = new Generator(unchecked((ulong)seed) + 1, device);
            var noisy = Corrupt(originals, hyperparameters.Denoising, noise);
            artifacts.Add(new($"denoising/epoch-{epoch:D3}.png", ToPng(Interleave(originals, noisy, model.call(noisy).sigmoid()))));
        }

        return artifacts;
    }

    /// <summary>Rows of <see cref="GridColumns"/> images: a row of each group in turn, for each run of columns.</summary>
    private static Tensor Interleave(params Tensor[] groups)
    {
        var count = groups[0].shape[0];
        var rows = new List<Tensor>();
        for (long start = 0; start < count; start += GridColumns)
        {
            var length = Math.Min(GridColumns, count - start);
            rows.AddRange(groups.Select(group => group.narrow(0, start, length)));
        }

        return torch.cat(rows, 0);
    }

    /// <summary>The images with Gaussian noise of <paramref name="standardDeviation"/> added and clamped to [0, 1]; the images themselves without noise.</summary>
    private static Tensor Corrupt(Tensor images, double standardDeviation, Generator noise) =>
        standardDeviation > 0
            ? images.Plus(randn(images.shape, dtype: images.dtype, device: images.device, generator: noise).Times(standardDeviation)).Between(0, 1)
            : images;

    public void Dispose()
    {
        trainingNoise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }

    private static double[] ToDoubles(Tensor values) => [.. values.to(CPU).data<float>().Select(value => (double)value)];

    private static byte[] ToPng(Tensor images) =>
        ImageGrid.GreyPng(images, ConvolutionalAutoencoder.ImageSide, GridColumns);
}
