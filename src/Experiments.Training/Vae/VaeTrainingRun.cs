using System.Diagnostics;
using Experiments.Training.Datasets;
using Experiments.Training.Imaging;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Vae;

/// <summary>
/// One VAE training run, executed synchronously on the caller's (dedicated) thread: seeded model,
/// Adam, shuffled mini-batches, held-out evaluation and sample images after every epoch.
/// </summary>
internal sealed class VaeTrainingRun : IDisposable
{
    private const int EvaluationBatchSize = 500;
    private const int GridColumns = 8;
    private const int GridImages = 64;

    // torch.manual_seed is process-wide: seeding and weight initialisation must not interleave with
    // another run's, or the same seed would not give the same weights.
    private static readonly Lock InitialisationLock = new();

    private readonly TrainingRequest request;
    private readonly VaeHyperparameters hyperparameters;
    private readonly ITrainingObserver observer;
    private readonly ILogger logger;
    private readonly Device device;
    private readonly ConvolutionalVae model;
    private readonly optim.Optimizer optimizer;
    private readonly Generator trainingNoise;
    private readonly Tensor trainImages;
    private readonly Tensor heldOutImages;
    private readonly Random shuffle;

    public VaeTrainingRun(
        TrainingRequest request,
        VaeHyperparameters hyperparameters,
        ImageDataset data,
        Device device,
        ITrainingObserver observer,
        ILogger logger)
    {
        this.request = request;
        this.hyperparameters = hyperparameters;
        this.observer = observer;
        this.logger = logger;
        this.device = device;

        lock (InitialisationLock)
        {
            torch.manual_seed(request.Seed);
            model = new ConvolutionalVae(hyperparameters.LatentDim, hyperparameters.BaseChannels);
            model.to(device);
        }

        optimizer = optim.Adam(model.parameters(), lr: hyperparameters.LearningRate, weight_decay: hyperparameters.WeightDecay);
        trainingNoise = new Generator(unchecked((ulong)request.Seed), device);
        // Not HashCode.Combine: it is randomised per process, and shuffling must repeat across processes.
        shuffle = new Random(unchecked((int)(request.Seed ^ (request.Seed >>> 32))));

        var trainCount = request.MaxTrainImages is { } cap ? Math.Min(cap, data.TrainCount) : data.TrainCount;
        trainImages = data.Train.narrow(0, 0, trainCount).to(device);
        heldOutImages = data.HeldOut.to(device);
    }

    public TrainingResult Run(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var trainCount = (int)trainImages.shape[0];
        var batchSize = Math.Min(hyperparameters.BatchSize, trainCount);
        var order = Enumerable.Range(0, trainCount).Select(i => (long)i).ToArray();
        long step = 0;
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();

        logger.LogInformation(
            "Training vae on {Dataset}: {TrainCount} training and {HeldOutCount} held-out images, {Epochs} epochs, batch {BatchSize}, device {Device}",
            request.Dataset, trainCount, heldOutImages.shape[0], request.Epochs, batchSize, device.type);

        for (var epoch = 1; epoch <= request.Epochs; epoch++)
        {
            var epochWatch = Stopwatch.StartNew();
            var epochStartStep = step;
            model.train();
            shuffle.Shuffle(order);
            using var permutation = torch.tensor(order, device: device);
            using var lossTotal = torch.zeros(1, ScalarType.Float64, device);

            // The last, smaller batch is dropped so every step sees the same batch size.
            for (var start = 0; start + batchSize <= trainCount; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                step++;
                var logged = step % request.LogEveryNSteps == 0;
                if (TrainStep(permutation, start, batchSize, lossTotal, logged) is { } batch)
                {
                    Wait(observer.OnStepAsync(step, batch.ToMetrics(), cancellationToken));
                }
            }

            var lossSum = lossTotal.item<double>();

            cancellationToken.ThrowIfCancellationRequested();
            var stepsThisEpoch = step - epochStartStep;
            var stepsPerSecond = stepsThisEpoch / epochWatch.Elapsed.TotalSeconds;
            var evaluation = Evaluate(cancellationToken);
            metrics = evaluation.ToEpochMetrics(hyperparameters.Beta, trainLoss: lossSum / Math.Max(1, stepsThisEpoch * batchSize));
            logger.LogInformation(
                "Epoch {Epoch}/{Epochs}: held-out loss {Loss:F2} nats, elbo {Elbo:F2}, train loss {TrainLoss:F2}, {StepsPerSecond:F1} training steps/s",
                epoch, request.Epochs, metrics["loss"], metrics["elbo"], metrics["train_loss"], stepsPerSecond);
            Wait(observer.OnEpochAsync(epoch, step, metrics, cancellationToken));
            PublishImages(epoch, cancellationToken);
        }

        return new TrainingResult(request.Epochs, step, metrics, stopwatch.Elapsed);
    }

    public void Dispose()
    {
        trainImages.Dispose();
        heldOutImages.Dispose();
        trainingNoise.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }

    /// <summary>
    /// One optimiser step. The loss is summed into <paramref name="lossTotal"/> on the device: reading a
    /// value back forces a device sync, so only logged steps read their losses.
    /// </summary>
    private BatchLosses? TrainStep(Tensor permutation, int start, int batchSize, Tensor lossTotal, bool readLosses)
    {
        // Every tensor of the step, autograd graph included, is freed when the scope ends.
        using var scope = torch.NewDisposeScope();
        var images = trainImages.index_select(0, permutation.narrow(0, start, batchSize));
        optimizer.zero_grad();
        var output = model.Forward(images, trainingNoise);
        var (reconstructionSum, klSum) = VaeLoss.BatchSums(output, images);
        var loss = (reconstructionSum + hyperparameters.Beta * klSum) / batchSize;
        loss.backward();
        optimizer.step();
        lossTotal.add_(loss.detach().to(ScalarType.Float64), batchSize);
        if (!readLosses)
        {
            return null;
        }

        return new BatchLosses(
            loss.item<float>(),
            reconstructionSum.item<float>() / batchSize,
            klSum.item<float>() / batchSize);
    }

    private EvaluationSums Evaluate(CancellationToken cancellationToken)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        // Fresh, fixed noise each epoch: epochs are compared on the same draw of z.
        using var noise = new Generator(unchecked((ulong)request.Seed) ^ 0x9E3779B97F4A7C15UL, device);
        var count = heldOutImages.shape[0];
        double reconstruction = 0, kl = 0;
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var images = heldOutImages.narrow(0, start, Math.Min(EvaluationBatchSize, count - start));
            var (reconstructionSum, klSum) = VaeLoss.BatchSums(model.Forward(images, noise), images);
            reconstruction += reconstructionSum.item<float>();
            kl += klSum.item<float>();
        }

        return new EvaluationSums(reconstruction / count, kl / count);
    }

    private void PublishImages(int epoch, CancellationToken cancellationToken)
    {
        var (samples, reconstructions) = RenderImages();
        Wait(observer.OnArtifactAsync($"samples/epoch-{epoch:D3}.png", samples, cancellationToken));
        Wait(observer.OnArtifactAsync($"reconstructions/epoch-{epoch:D3}.png", reconstructions, cancellationToken));
    }

    /// <summary>64 decoded draws from the prior, and 32 held-out digits each followed (row below) by its reconstruction.</summary>
    private (byte[] Samples, byte[] Reconstructions) RenderImages()
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        using var noise = new Generator(unchecked((ulong)request.Seed) + 1, device);
        const int side = ConvolutionalVae.ImageSide;

        var prior = randn([GridImages, model.LatentDim], device: device, generator: noise);
        var samples = model.Decode(prior).sigmoid();

        var originalsCount = Math.Min(GridImages / 2, heldOutImages.shape[0]);
        var originals = heldOutImages.narrow(0, 0, originalsCount);
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
        return (ToPng(samples, side), ToPng(pairs, side));
    }

    private static byte[] ToPng(Tensor images, int side)
    {
        var values = images.to(CPU).contiguous().data<float>().ToArray();
        var (pixels, width, height) = ImageGrid.Tile(values, (int)images.shape[0], side, GridColumns);
        return PngEncoder.EncodeGrey8(pixels, width, height);
    }

    // The training thread is dedicated, so blocking on an observer that really is asynchronous is fine.
    private static void Wait(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private readonly record struct BatchLosses(double Loss, double Reconstruction, double Kl)
    {
        public Dictionary<string, double> ToMetrics() => new(StringComparer.Ordinal)
        {
            ["train_loss"] = Loss,
            ["train_reconstruction"] = Reconstruction,
            ["train_kl"] = Kl,
        };
    }

    private readonly record struct EvaluationSums(double Reconstruction, double Kl)
    {
        public Dictionary<string, double> ToEpochMetrics(double beta, double trainLoss) => new(StringComparer.Ordinal)
        {
            ["elbo"] = -(Reconstruction + Kl),
            ["loss"] = Reconstruction + beta * Kl,
            ["reconstruction"] = Reconstruction,
            ["kl"] = Kl,
            ["train_loss"] = trainLoss,
        };
    }
}
