using Experiments.Datasets;
using System.Globalization;
using Experiments.Training;
using Experiments.Training.Datasets;
using Experiments.Training.Metrics;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Experiments.Bench;

/// <summary>
/// train-classifier: trains the MNIST classifier that scores inception_score and fid, writes its safetensors weights
/// (by default over data/mnist-classifier/mnist-classifier.safetensors; run from the repository root) and prints its
/// held-out figures. score-classifier: the same figures for the shipped weights, without training. Quality figures,
/// not timings: they may be produced on any machine.
/// </summary>
internal static class MnistClassifierCommand
{
    public const string TrainName = "train-classifier";
    public const string ScoreName = "score-classifier";
    public const string Usage = "usage: Experiments.Bench train-classifier [--epochs N] [--seed S] [--threads N] [--output PATH] | score-classifier [--weights PATH] [--samples PATH.npy] [--threads N]";

    private const string DefaultOutput = "data/mnist-classifier/mnist-classifier.safetensors";

    public static bool Handles(string[] args) => args.Length > 0 && args[0] is TrainName or ScoreName;

    public static int Run(string[] args)
    {
        Dictionary<string, string> options;
        try
        {
            options = Options(args, args[0] == TrainName ? ["--epochs", "--seed", "--threads", "--output"] : ["--weights", "--samples", "--threads"]);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(Int(options, "--threads", Environment.ProcessorCount));
        using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole(console => console.SingleLine = true));
        var logger = loggers.CreateLogger(TrainName);
        var defaults = new MnistClassifierTrainingSettings();
        if (args[0] == ScoreName)
        {
            var shipped = options.GetValueOrDefault("--weights", MnistClassifier.ShippedWeightsPath);
            using var data = new DatasetResolver().Load(DataSources.Mnist);
            using var classifier = MnistClassifier.Load(torch.CPU, shipped);
            Print(shipped, MnistClassifierTraining.Report(classifier, data, defaults, TimeSpan.Zero));
            if (options.TryGetValue("--samples", out var samples))
            {
                ScoreSamples(classifier, data, samples);
            }

            return 0;
        }

        var settings = defaults with
        {
            Epochs = Int(options, "--epochs", defaults.Epochs),
            Seed = options.TryGetValue("--seed", out var seed) ? long.Parse(seed, CultureInfo.InvariantCulture) : defaults.Seed,
        };
        var weights = Path.GetFullPath(options.GetValueOrDefault("--output", DefaultOutput));
        if (!Directory.Exists(Path.GetDirectoryName(weights)))
        {
            Console.Error.WriteLine($"The folder of '{weights}' does not exist; run from the repository root or pass --output PATH.");
            return 2;
        }

        Print(weights, MnistClassifierTraining.TrainAndSave(weights, settings, logger, CancellationToken.None));
        return 0;
    }

    private static void Print(string weights, MnistClassifierReport report)
    {
        Console.WriteLine($"weights: {weights} ({new FileInfo(weights).Length:N0} bytes)");
        Console.WriteLine($"held-out accuracy: {report.HeldOutAccuracy:F4} on {report.HeldOutCount:N0} digits");
        Console.WriteLine($"inception_score of the real held-out digits (one split): {report.HeldOutInceptionScore:F3}");
        Console.WriteLine($"fid, held-out vs {report.HeldOutCount:N0} training digits: {report.RealVersusRealFid:F3}");
        if (report.Duration > TimeSpan.Zero)
        {
            Console.WriteLine($"trained {report.Settings.Epochs} epochs with seed {report.Settings.Seed} in {report.Duration.TotalSeconds:F0} s on {torch.get_num_threads()} threads");
        }
    }

    /// <summary>Scores a .npy of generated digits (float32 [N, 1, 28, 28] in [0, 1], as trials write them) and says where the score is lost.</summary>
    private static void ScoreSamples(MnistClassifier classifier, TrainingData data, string path)
    {
        using var scope = torch.NewDisposeScope();
        var images = NpyFloat32(path);
        var (features, probabilities) = classifier.Embed(images);
        var (realFeatures, _) = classifier.Embed(data.HeldOut);
        var marginal = probabilities.mean([0]);
        var marginalEntropy = -(marginal * marginal.clamp_min(1e-30).log()).sum().item<double>();
        var conditionalEntropy = -(probabilities * probabilities.clamp_min(1e-30).log()).sum(1).mean().item<double>();
        var counts = probabilities.argmax(1).bincount(null, MnistClassifier.Classes).data<long>().ToArray();
        Console.WriteLine($"samples: {path} ({images.shape[0]:N0})");
        Console.WriteLine($"  inception_score (one split): {InceptionScore.Compute(probabilities).Mean:F3} = exp(H(p(y)) {marginalEntropy:F3} - mean H(p(y|x)) {conditionalEntropy:F3})");
        if (images.shape[0] >= 10_000)
        {
            var (mean, deviation) = InceptionScore.Compute(probabilities, splits: 10);
            Console.WriteLine($"  inception_score (10 splits, Salimans et al.): {mean:F3} ± {deviation:F3}");
        }

        Console.WriteLine($"  fid against the {data.HeldOutCount:N0} held-out digits: {FrechetDistance.Between(features, realFeatures):F3}");
        Console.WriteLine($"  mean top probability {probabilities.max(1).values.mean().item<double>():F3}; predicted classes 0-9: {string.Join(" ", counts)}");
    }

    /// <summary>A version 1.0 .npy of little-endian float32 in C order, as NpyWriter writes it.</summary>
    private static torch.Tensor NpyFloat32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' does not hold little-endian float32 values; score the samples/epoch-NNN.npy files trials write.");
        }

        var shapeText = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        var shape = shapeText[..shapeText.IndexOf(')', StringComparison.Ordinal)]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse)
            .ToArray();
        var values = new float[(bytes.Length - 10 - headerLength) / sizeof(float)];
        Buffer.BlockCopy(bytes, 10 + headerLength, values, 0, values.Length * sizeof(float));
        return torch.tensor(values, shape);
    }

    private static Dictionary<string, string> Options(string[] args, string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}' for {args[0]}; it takes {string.Join(", ", known)}, each with a value.");
            }

            values[args[i]] = args[i + 1];
        }

        return values;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
