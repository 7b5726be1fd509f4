using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Safetensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Metrics;

/// <summary>
/// The small MNIST classifier the project trains and ships (data/mnist-classifier) to score generated digits:
/// conv(1→16,5,p2), ReLU, max-pool 2 → conv(16→32,5,p2), ReLU, max-pool 2 → flatten (32x7x7) → linear(1568→64), ReLU
/// (the 64 <see cref="Features"/> FID compares) → dropout 0.5 → linear(64→10) logits. Takes images in [0, 1].
/// </summary>
internal sealed class MnistClassifier : Module<Tensor, Tensor>
{
    public const int Classes = 10;
    public const int FeatureSize = 64;
    public const int ImageSide = 28;

    /// <summary>Where the shipped weights are copied in every build output that references this library.</summary>
    public static readonly string ShippedWeightsPath = Path.Combine(AppContext.BaseDirectory, "data", "mnist-classifier", "mnist-classifier.safetensors");

    // The training digits' pixel mean and standard deviation (MNIST's usual constants), so inputs are centred.
    private const double PixelMean = 0.1307;
    private const double PixelStd = 0.3081;

    private const string Remedy =
        "restore data/mnist-classifier/ from the repository (git checkout -- data/mnist-classifier) and rebuild, or train it again with " +
        "`dotnet run -c Release --project bench/Experiments.Bench -- train-classifier`";

    private readonly Sequential features;
    private readonly Dropout dropout;
    private readonly Linear classify;

    public MnistClassifier()
        : base(nameof(MnistClassifier))
    {
        const int pooledSide = ImageSide / 4;
        features = Sequential(
            ("conv1", Conv2d(1, 16, kernel_size: 5, padding: 2)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(16, 32, kernel_size: 5, padding: 2)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("flatten", Flatten()),
            ("fc1", Linear(32 * pooledSide * pooledSide, FeatureSize)),
            ("relu3", ReLU()));
        dropout = Dropout(0.5);
        classify = Linear(FeatureSize, Classes);
        RegisterComponents();
    }

    /// <summary>
    /// The shipped classifier (or the one at <paramref name="path"/>) in evaluation mode on <paramref name="device"/>.
    /// Building its layers draws from libtorch's global generator; that state is put back, so loading it never changes
    /// what a seeded run does next. A missing or damaged file throws <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static MnistClassifier Load(Device device, string? path = null)
    {
        path ??= ShippedWeightsPath;
        var classifier = GlobalRandom.Untouched(() => new MnistClassifier());
        try
        {
            ModuleWeights.Load(classifier, path);
        }
        catch (SafetensorsException exception)
        {
            classifier.Dispose();
            throw new InvalidDataException(
                $"The MNIST classifier that scores inception_score and fid cannot be loaded from '{path}': {exception.Reason}; {Remedy}.", exception);
        }

        classifier.eval();
        classifier.to(device);
        return classifier;
    }

    /// <summary>Logits [N, 10] of images [N, 1, 28, 28] in [0, 1].</summary>
    public override Tensor forward(Tensor images) => classify.call(dropout.call(Features(images)));

    /// <summary>The penultimate layer's activations [N, 64], FID's features.</summary>
    public Tensor Features(Tensor images) => features.call(images.Minus(PixelMean).DividedBy(PixelStd));

    /// <summary>Logits from <see cref="Features"/> (dropout is off in evaluation mode), so one pass gives both.</summary>
    public Tensor Logits(Tensor featureActivations) => classify.call(dropout.call(featureActivations));

    /// <summary>Features and class probabilities of <paramref name="images"/> in chunks of <see cref="EvaluationChunks.Size"/>, without gradients, in float64 on the CPU.</summary>
    public (Tensor Features, Tensor Probabilities) Embed(Tensor images)
    {
        using var noGrad = torch.no_grad();
        var featureChunks = new List<Tensor>();
        var probabilityChunks = new List<Tensor>();
        using (var scope = torch.NewDisposeScope())
        {
            var device = classify.weight!.device;
            for (long start = 0; start < images.shape[0]; start += EvaluationChunks.Size)
            {
                var chunk = images.narrow(0, start, Math.Min(EvaluationChunks.Size, images.shape[0] - start)).to(device);
                var activations = Features(chunk);
                featureChunks.Add(activations.to(ScalarType.Float64).cpu());
                probabilityChunks.Add(Logits(activations).to(ScalarType.Float64).softmax(1).cpu());
            }

            var result = (torch.cat(featureChunks, 0), torch.cat(probabilityChunks, 0));
            result.Item1.MoveToOuterDisposeScope();
            result.Item2.MoveToOuterDisposeScope();
            return result;
        }
    }

    /// <summary>Share of <paramref name="images"/> whose most probable class is the label.</summary>
    public double Accuracy(Tensor images, IReadOnlyList<byte> labels)
    {
        using var scope = torch.NewDisposeScope();
        var (_, probabilities) = Embed(images);
        var predicted = probabilities.argmax(1).data<long>().ToArray();
        return predicted.Zip(labels).Count(pair => pair.First == pair.Second) / (double)labels.Count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            dropout.Dispose();
            classify.Dispose();
        }

        base.Dispose(disposing);
    }
}
