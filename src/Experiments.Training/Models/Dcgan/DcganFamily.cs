using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Gan;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Dcgan;

/// <summary>
/// DCGAN (Radford et al. 2016): its catalog entry and how a run of it is built. Convolutional networks on square
/// images (1x28x28 digits, 3x32x32 CIFAR-10), PacGAN's MLPs on the points of the mixtures; the same losses, optimisers
/// and hyperparameters on both.
/// </summary>
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
            GeneratorEma.Descriptor,
        ];

    /// <summary>The metrics every BCE GAN reports: the sample quality of its kind of data, then D's view and the losses.</summary>
    public static IReadOnlyList<MetricDescriptor> GanMetrics { get; } =
        [
            .. SampleSpace.QualityMetrics,
            new("d_real", ObjectiveGoal.Maximize, "The discriminator's mean probability that held-out real examples are real."),
            new("d_fake", ObjectiveGoal.Maximize, "The discriminator's mean probability that generated examples are real (higher: the generator fools it more)."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean generator loss over the epoch (non-saturating BCE); not a quality measure on its own."),
            new("train_d_loss", ObjectiveGoal.Minimize, "Mean discriminator loss over the epoch (BCE on real plus generated); not a quality measure on its own."),
        ];

    public ModelDescriptor Descriptor { get; } = new(
        Name: "dcgan",
        Description: "Deep convolutional GAN, BCE loss, with the usual stabilisers as hyperparameters: on square grey or RGB images (MNIST, CIFAR-10 folders), and with MLPs on the 2-D mixtures.",
        Datasets: [DataSources.Mnist, DataSources.Ring8, DataSources.Grid25],
        Hyperparameters: [.. GanHyperparameters, Packing.Descriptor],
        Metrics: GanMetrics)
    {
        Curriculum = GanCurriculum.WithInstanceNoise,
    };

    public string? CheckData(TrainingData data) => DataRequirement.Unless(
        data.Shape is ImageShape image ? DcganGenerator.Supports(image) : DataRequirement.IsMixture(data),
        data,
        Descriptor.Name,
        $"{DcganGenerator.SupportedImages} or {DataRequirement.MixturePoints}");

    public IModelRun CreateRun(ModelRunSettings settings)
    {
        var space = SampleSpace.For(settings); // first: a missing classifier fails before any network is built
        var hyperparameters = DcganHyperparameters.From(settings.Hyperparameters);
        var packing = Packing.From(settings.Hyperparameters);
        var (generator, discriminator) = Networks(settings.Shape, hyperparameters.LatentDim, hyperparameters.BaseChannels, packing.Size);
        return new DcganRun(
            hyperparameters, generator, discriminator, () => Generator(settings.Shape, hyperparameters.LatentDim, hyperparameters.BaseChannels), space, packing, settings.Seed, settings.Device);
    }

    /// <summary>
    /// Convolutional networks for images, MLPs for points; the generator is built first (the seeded initialisation
    /// order). The discriminator takes <paramref name="pack"/> examples at once (<see cref="Packing"/>).
    /// </summary>
    public static (Module<Tensor, Tensor> Generator, Module<Tensor, Tensor> Discriminator) Networks(DataShape shape, int latentDim, int baseChannels, int pack = 1)
    {
        var generator = Generator(shape, latentDim, baseChannels);
        return (generator, shape is ImageShape image
            ? new DcganDiscriminator(baseChannels, pack * image.Channels, image.Height)
            : new MlpDiscriminator(pack * shape.Size));
    }

    /// <summary>The generator of <see cref="Networks"/> alone (also what the averaged generator is built as).</summary>
    public static Module<Tensor, Tensor> Generator(DataShape shape, int latentDim, int baseChannels) => shape is ImageShape image
        ? new DcganGenerator(latentDim, baseChannels, image.Channels, image.Height)
        : new MlpGenerator(latentDim, shape.Size);
}
