using Experiments.Training.Models.Dcgan;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Gan;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.WganGp;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017): its catalog entry and how a run of it is built. The DCGAN generator and a
/// convolutional critic on square images, PacGAN's MLPs (a maxout critic) on the points of the mixtures.
/// </summary>
internal sealed class WganGpFamily : IModelFamily
{
    public ModelDescriptor Descriptor { get; } = new(
        Name: "wgan-gp",
        Description: "Wasserstein GAN with gradient penalty: an unbounded critic, n_critic critic updates per generator update; on square grey or RGB images (MNIST, CIFAR-10 folders), and with MLPs on the 2-D mixtures.",
        Datasets: [DataSources.Mnist, DataSources.Ring8, DataSources.Grid25],
        Hyperparameters:
        [
            new("learning_rate_g", ParameterKind.Float, ParameterValue.Float(1e-4), "Adam learning rate of the generator (the paper: 1e-4).", Min: 1e-7, Max: 1),
            new("learning_rate_critic", ParameterKind.Float, ParameterValue.Float(1e-4), "Adam learning rate of the critic (the paper: 1e-4).", Min: 1e-7, Max: 1),
            new("beta1", ParameterKind.Float, ParameterValue.Float(0.5), "Adam beta1 of both networks (the paper's MNIST code: 0.5; its Algorithm 1: 0).", Min: 0, Max: 0.999),
            new("beta2", ParameterKind.Float, ParameterValue.Float(0.9), "Adam beta2 of both networks (the paper: 0.9).", Min: 0, Max: 0.9999),
            new("batch_size", ParameterKind.Int, ParameterValue.Int(64), "Real images per critic update, and generated images per generator update.", Min: 2, Max: 4096),
            new("latent_dim", ParameterKind.Int, ParameterValue.Int(128), "Size of the generator's input noise z.", Min: 1, Max: 1024),
            new("base_channels", ParameterKind.Int, ParameterValue.Int(32), "Channels of the critic's first convolution; the generator mirrors it.", Min: 4, Max: 256),
            new("n_critic", ParameterKind.Int, ParameterValue.Int(5), "Critic updates per generator update, each on its own batch of real images.", Min: 1, Max: 20),
            new("gp_lambda", ParameterKind.Float, ParameterValue.Float(10), "Weight of the gradient penalty in the critic's loss.", Min: 0, Max: 1000),
            new("critic_norm", ParameterKind.Text, ParameterValue.Of(WganGpHyperparameters.NoNorm), "Normalisation in the critic: none, or layer (never batch norm: the penalty is per example).", Allowed: [WganGpHyperparameters.NoNorm, WganGpHyperparameters.LayerNorm]),
            GeneratorEma.Descriptor,
        ],
        Metrics:
        [
            .. SampleSpace.QualityMetrics,
            new("wasserstein", ObjectiveGoal.Minimize, "The critic's Wasserstein estimate: mean critic score of held-out examples minus that of the fixed samples (lower: closer, as this critic sees it)."),
            new("train_loss", ObjectiveGoal.Minimize, "Mean critic loss over the epoch's critic updates (minus the Wasserstein estimate plus gp_lambda times the penalty); not a quality measure on its own."),
        ])
    {
        Curriculum = GanCurriculum.ResolutionOnly,
    };

    public string? CheckData(TrainingData data) => DataRequirement.Unless(
        data.Shape is ImageShape image ? DcganGenerator.Supports(image) : DataRequirement.IsMixture(data),
        data,
        Descriptor.Name,
        $"{DcganGenerator.SupportedImages} or {DataRequirement.MixturePoints}");

    public IModelRun CreateRun(ModelRunSettings settings)
    {
        var space = SampleSpace.For(settings); // first: a missing classifier fails before any network is built
        var hyperparameters = WganGpHyperparameters.From(settings.Hyperparameters);
        Module<Tensor, Tensor> Generator() => DcganFamily.Generator(settings.Shape, hyperparameters.LatentDim, hyperparameters.BaseChannels);

        var generator = Generator(); // first: the seeded initialisation order
        Module<Tensor, Tensor> critic = settings.Shape is ImageShape image
            ? new WganGpCritic(hyperparameters.BaseChannels, hyperparameters.CriticLayerNorm, image.Channels, image.Height)
            : new MlpDiscriminator(settings.Shape.Size, hyperparameters.CriticLayerNorm);
        return new WganGpRun(hyperparameters, generator, critic, Generator, space, settings.Seed, settings.Device);
    }
}
