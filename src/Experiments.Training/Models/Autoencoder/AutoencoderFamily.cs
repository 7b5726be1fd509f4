using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Anomaly;

namespace Experiments.Training.Models.Autoencoder;

/// <summary>The convolutional (denoising, sparse) autoencoder: its catalog entry and how a run of it is built.</summary>
internal sealed class AutoencoderFamily : IModelFamily
{
    /// <summary>The curriculum setting of growing noise: the share of <c>denoising</c> added to the inputs while training.</summary>
    public const string NoiseScale = "noise_scale";

    public ModelDescriptor Descriptor { get; } = new(
        Name: "autoencoder",
        Description: "Convolutional autoencoder for 28x28 grey images (MNIST-like), optionally denoising or sparse; detects a digit class left out of training as anomalous.",
        Datasets: ["mnist"],
        Hyperparameters:
        [
            new("learning_rate", ParameterKind.Float, ParameterValue.Float(1e-3), "Adam learning rate.", Min: 1e-7, Max: 1),
            new("batch_size", ParameterKind.Int, ParameterValue.Int(64), "Training mini-batch size.", Min: 1, Max: 4096),
            new("code_dim", ParameterKind.Int, ParameterValue.Int(16), "Size of the code the encoder compresses each image to.", Min: 1, Max: 512),
            new("base_channels", ParameterKind.Int, ParameterValue.Int(32), "Channels of the first convolution; the second has twice as many.", Min: 4, Max: 256),
            new("weight_decay", ParameterKind.Float, ParameterValue.Float(0), "L2 penalty added by the optimiser.", Min: 0, Max: 1),
            new("denoising", ParameterKind.Float, ParameterValue.Float(0), "Standard deviation of the Gaussian noise added to each training input (then clamped to [0, 1]); the target stays the clean image; 0: a plain autoencoder.", Min: 0, Max: 1),
            new("sparsity", ParameterKind.Float, ParameterValue.Float(0), "Weight of an L1 penalty on the code (its L1 norm per image) added to the training loss; 0: none.", Min: 0, Max: 10),
            AnomalyClass.Hyperparameter,
        ],
        Metrics:
        [
            new("reconstruction", ObjectiveGoal.Minimize, "Bernoulli negative log-likelihood per image on the held-out split (its normal digits when anomaly_class is set), in nats."),
            new("mse", ObjectiveGoal.Minimize, "Mean squared error per pixel of the reconstruction's probabilities on the held-out split (its normal digits when anomaly_class is set)."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean training loss per image over the epoch: reconstruction of the clean image from the (noisy) input plus the sparsity penalty."),
            new(AnomalyClass.AurocMetric, ObjectiveGoal.Maximize, "AUROC of the held-out reconstruction error per image, with the digits of anomaly_class as positives (0.5: chance, 1: every anomaly scores above every normal digit).", OnlyWith: AnomalyClass.Name),
        ])
    {
        // Denoising from weak noise to full: the network first learns to reconstruct, then to remove more and more noise.
        Curriculum = new CurriculumDescriptor(
            "Growing noise: noise_scale 0.25 for the first 30% of the epochs, 0.5 for the next 30%, then 1 (the full denoising noise).",
            [
                new(NoiseScale, ParameterKind.Float, ParameterValue.Float(1), "Multiplies denoising, the training noise's standard deviation (below 1: less noise); held-out metrics never add noise.", Min: 0, Max: 1),
            ],
            [
                new("low_noise", 0.3, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [NoiseScale] = ParameterValue.Float(0.25) }),
                new("half_noise", 0.3, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [NoiseScale] = ParameterValue.Float(0.5) }),
                new("full_noise", 0.4, new Dictionary<string, ParameterValue>(StringComparer.Ordinal) { [NoiseScale] = ParameterValue.Float(1) }),
            ]),
    };

    public string? CheckData(TrainingData data) =>
        DataRequirement.OneOf(data, Descriptor.Name, new ImageShape(1, ConvolutionalAutoencoder.ImageSide, ConvolutionalAutoencoder.ImageSide));

    public IModelRun CreateRun(ModelRunSettings settings)
    {
        var hyperparameters = AutoencoderHyperparameters.From(settings.Hyperparameters);
        AnomalyClass.Check(hyperparameters.AnomalyClass, settings.Classes);
        return new AutoencoderRun(hyperparameters, settings.Seed, settings.Device);
    }
}
