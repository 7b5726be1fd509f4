using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Gan;

namespace Experiments.Training.Models.Dcgan;

/// <summary>DCGAN (Radford et al. 2016) for 28x28 grey images: its catalog entry and how a run of it is built.</summary>
internal sealed class DcganFamily : IModelFamily
{
    /// <summary>The DCGAN's hyperparameters; conditional variants start from these.</summary>
    public static IReadOnlyList<HyperparameterDescriptor> GanHyperparameters { get; } =
        [
            new("learning_rate_g", ParameterKind.Float, ParameterValue.Float(2e-4), "Adam learning rate of the generator.", Min: 1e-7, Max: 1),
            new("learning_rate_d", ParameterKind.Float, ParameterValue.Float(2e-4), "Adam learning rate of the discriminator.", Min: 1e-7, Max: 1),
            new("beta1", ParameterKind.Float, ParameterValue.Float(0.5), "Adam beta1 of both networks (DCGAN uses 0.5).", Min: 0, Max: 0.999),
            new("beta2", ParameterKind.Float, ParameterValue.Float(0.999), "Adam beta2 of both networks.", Min: 0, Max: 0.9999),
            new("batch_size", ParameterKind.Int, ParameterValue.Int(64), "Real images per step.", Min: 2, Max: 4096),
            new("latent_dim", ParameterKind.Int, ParameterValue.Int(64), "Size of the generator's input noise z.", Min: 1, Max: 1024),
            new("base_channels", ParameterKind.Int, ParameterValue.Int(32), "Channels of the discriminator's first convolution; the generator mirrors it.", Min: 4, Max: 256),
            new("d_steps", ParameterKind.Int, ParameterValue.Int(1), "Discriminator updates per generator update.", Min: 1, Max: 10),
            new("label_smoothing", ParameterKind.Float, ParameterValue.Float(0), "One-sided label smoothing: real targets are 1 minus this.", Min: 0, Max: 0.5),
            new("label_flip", ParameterKind.Float, ParameterValue.Float(0), "Probability that a discriminator target is flipped.", Min: 0, Max: 0.5),
            new("instance_noise", ParameterKind.Float, ParameterValue.Float(0), "Std of Gaussian noise added to every discriminator input (images in [-1, 1]).", Min: 0, Max: 2),
        ];

    /// <summary>The metrics every BCE GAN on 28x28 images reports.</summary>
    public static IReadOnlyList<MetricDescriptor> GanMetrics { get; } =
        [
            new("fd_pixels", ObjectiveGoal.Minimize, "Frechet distance between 1,000 generated and up to 1,000 held-out digits on 7x7 average-pooled pixels (a cheap stand-in for FID; lower is better)."),
            new("d_real", ObjectiveGoal.Maximize, "The discriminator's mean probability that held-out real digits are real."),
            new("d_fake", ObjectiveGoal.Maximize, "The discriminator's mean probability that generated digits are real (higher: the generator fools it more)."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean generator loss over the epoch (non-saturating BCE); not a quality measure on its own."),
            new("train_d_loss", ObjectiveGoal.Minimize, "Mean discriminator loss over the epoch (BCE on real plus generated); not a quality measure on its own."),
        ];

    public ModelDescriptor Descriptor { get; } = new(
        Name: "dcgan",
        Description: "Deep convolutional GAN for 28x28 grey images (MNIST-like), BCE loss, with the usual stabilisers as hyperparameters.",
        Datasets: ["mnist"],
        Hyperparameters: GanHyperparameters,
        Metrics: GanMetrics)
    {
        Curriculum = GanCurriculum.WithInstanceNoise,
    };

    public string? CheckData(ImageDataset data) =>
        data.Rows == DcganGenerator.ImageSide && data.Columns == DcganGenerator.ImageSide
            ? null
            : $"it holds {data.Rows}x{data.Columns} images; the dcgan model needs {DcganGenerator.ImageSide}x{DcganGenerator.ImageSide}";

    public IModelRun CreateRun(ModelRunSettings settings) =>
        new DcganRun(DcganHyperparameters.From(settings.Hyperparameters), settings.Seed, settings.Device);
}
