using Experiments.Training.Engine.Scalars;
using System.Diagnostics;
using System.Globalization;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Safetensors;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Metrics;

/// <summary>
/// Trains the shipped <see cref="MnistClassifier"/> on the 9,000 training digits of the shipped data set (the digits
/// the GANs train on; the 1,000 held-out digits stay unseen): Adam with a cosine learning-rate decay, cross-entropy, random shifts of up to
/// <see cref="MnistClassifierTrainingSettings.MaxShift"/> pixels, a fixed number of epochs (no early stopping on the
/// held-out digits, so their accuracy is an honest estimate), everything seeded.
/// </summary>
internal static class MnistClassifierTraining
{
    /// <summary>Trains, writes the weights to <paramref name="outputPath"/> (safetensors) and returns the held-out figures.</summary>
    public static MnistClassifierReport TrainAndSave(string outputPath, MnistClassifierTrainingSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        TorchRuntime.EnsureAvailable();
        using var data = new DatasetResolver().Load(DataSources.Mnist);
        var stopwatch = Stopwatch.StartNew();
        using var classifier = Train(data, settings, logger, cancellationToken);
        var report = Report(classifier, data, settings, stopwatch.Elapsed);
        ModuleWeights.Save(classifier, outputPath, new Dictionary<string, string>
        {
            ["model"] = "mnist-classifier",
            ["seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = settings.Epochs.ToString(CultureInfo.InvariantCulture),
            ["held_out_accuracy"] = report.HeldOutAccuracy.ToString("F4", CultureInfo.InvariantCulture),
        });
        return report;
    }

    public static MnistClassifier Train(TrainingData data, MnistClassifierTrainingSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.TrainLabels ?? throw new ArgumentException("The classifier needs labelled digits.", nameof(data));
        var classifier = GlobalRandom.Seeded(settings.Seed, () => new MnistClassifier());
        using var optimizer = new ScalarSafeAdam(classifier.parameters(), settings.LearningRate);
        // Cosine decay to zero over the run: the last epochs settle the weights, so predictions get confident.
        var schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, settings.Epochs);
        using var targets = torch.tensor(labels.Select(label => (long)label).ToArray());
        var random = new Random(unchecked((int)settings.Seed));
        var order = Enumerable.Range(0, (int)data.TrainCount).Select(i => (long)i).ToArray();
        classifier.train();
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            using var permutation = torch.tensor(order);
            using var lossTotal = torch.zeros(1, ScalarType.Float64);
            var steps = 0;
            for (var start = 0; start + settings.BatchSize <= order.Length; start += settings.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var indices = permutation.narrow(0, start, settings.BatchSize);
                var images = Shift(data.Train.index_select(0, indices), settings.MaxShift, random);
                optimizer.zero_grad();
                var loss = cross_entropy(classifier.call(images), targets.index_select(0, indices));
                loss.backward();
                optimizer.step();
                lossTotal.AddScaled_(loss.detach().to(ScalarType.Float64), 1);
                steps++;
            }

            schedule.step();
            classifier.eval();
            var accuracy = classifier.Accuracy(data.HeldOut, data.HeldOutLabels!);
            classifier.train();
            logger.LogInformation(
                "Classifier epoch {Epoch}/{Epochs}: training loss {Loss:F4}, held-out accuracy {Accuracy:P2}",
                epoch, settings.Epochs, lossTotal.item<double>() / steps, accuracy);
        }

        classifier.eval();
        return classifier;
    }

    /// <summary>Accuracy and the ceiling scores: real held-out digits' Inception Score and FID between real digits.</summary>
    public static MnistClassifierReport Report(MnistClassifier classifier, TrainingData data, MnistClassifierTrainingSettings settings, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        var (heldOutFeatures, heldOutProbabilities) = classifier.Embed(data.HeldOut);
        // An equally sized sample of training digits, fixed, for the real-versus-real FID.
        var trainSample = data.Train.narrow(0, 0, data.HeldOutCount);
        var (trainFeatures, _) = classifier.Embed(trainSample);
        return new MnistClassifierReport(
            HeldOutAccuracy: classifier.Accuracy(data.HeldOut, data.HeldOutLabels!),
            HeldOutInceptionScore: InceptionScore.Compute(heldOutProbabilities).Mean,
            RealVersusRealFid: FrechetDistance.Between(heldOutFeatures, trainFeatures),
            HeldOutCount: (int)data.HeldOutCount,
            Settings: settings,
            Duration: duration);
    }

    /// <summary>Each image moved by a random whole number of pixels in [-maxShift, maxShift] on both axes, filling with black.</summary>
    private static Tensor Shift(Tensor images, int maxShift, Random random)
    {
        if (maxShift == 0)
        {
            return images;
        }

        var side = images.shape[2];
        var padded = pad(images, [maxShift, maxShift, maxShift, maxShift]);
        var shifted = new Tensor[images.shape[0]];
        for (var i = 0; i < shifted.Length; i++)
        {
            var top = random.Next(2 * maxShift + 1);
            var left = random.Next(2 * maxShift + 1);
            shifted[i] = padded[i].narrow(1, top, side).narrow(2, left, side);
        }

        return torch.stack(shifted);
    }
}
