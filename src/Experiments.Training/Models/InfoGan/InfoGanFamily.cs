using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Gan;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Experiments.Training.Models.Dcgan;

namespace Experiments.Training.Models.InfoGan;

/// <summary>
/// InfoGAN (Chen et al. 2016): its catalog entry and how a run of it is built. The DCGAN networks (with a Q head) on
/// 1x28x28 images, PacGAN's MLPs (the Q head on the maxout trunk) on the points of the mixtures.
/// </summary>
internal sealed class InfoGanFamily : IModelFamily
{
    public ModelDescriptor Descriptor { get; } = new(
        Name: "infogan",
        Description: "InfoGAN: a DCGAN whose generator also takes a categorical and continuous latent codes that an auxiliary Q head must recover (mutual information); unsupervised, so labels are not needed.",
        Datasets: [DataSources.Mnist, DataSources.Ring8, DataSources.Grid25],
        Hyperparameters:
        [
            .. DcganFamily.GanHyperparameters.Select(h => h.Name == "latent_dim"
                ? h with { Default = ParameterValue.Int(62), Description = "Size of the incompressible noise z (the codes come on top)." }
                : h),
            new("categories", ParameterKind.Int, ParameterValue.Int(10), "Values of the categorical code (10 for MNIST's digits).", Min: 2, Max: 100),
            new("continuous_codes", ParameterKind.Int, ParameterValue.Int(2), "Continuous codes, each uniform in [-1, 1].", Min: 0, Max: 10),
            new("info_lambda", ParameterKind.Float, ParameterValue.Float(1.0), "Weight of the mutual-information term in the generator's (and Q's) loss.", Min: 0, Max: 10),
            new("continuous_lambda", ParameterKind.Float, ParameterValue.Float(0.1), "Weight of the continuous codes' squared error within the information term.", Min: 0, Max: 10),
        ],
        Metrics:
        [
            .. DcganFamily.GanMetrics.Where(m => m.Name != "train_loss"),
            new("train_loss", ObjectiveGoal.Minimize, "Mean generator loss over the epoch: adversarial plus info_lambda times the information term; not a quality measure on its own."),
            new("code_accuracy", ObjectiveGoal.Maximize, "How often Q recovers the categorical code of the fixed samples (1,000 images or 2,500 points; 1/categories means the code is ignored)."),
        ])
    {
        Curriculum = GanCurriculum.WithInstanceNoise,
    };

    public string? CheckData(TrainingData data) => DataRequirement.Unless(
        data.Shape is ImageShape image ? image == ImageShape : DataRequirement.IsMixture(data),
        data,
        Descriptor.Name,
        $"{ImageShape} or {DataRequirement.MixturePoints}");

    public IModelRun CreateRun(ModelRunSettings settings)
    {
        var space = SampleSpace.For(settings); // first: a missing classifier fails before any network is built
        var hyperparameters = InfoGanHyperparameters.From(settings.Hyperparameters);
        var codes = hyperparameters.Categories + hyperparameters.ContinuousCodes;
        Module<Tensor, Tensor> Generator() => DcganFamily.Generator(settings.Shape, hyperparameters.GeneratorInput, hyperparameters.Gan.BaseChannels);

        var generator = Generator(); // first: the seeded initialisation order
        var discriminator = settings.Shape is ImageShape
            ? new InfoGanDiscriminator(hyperparameters.Gan.BaseChannels, codes)
            : new InfoGanDiscriminator(MlpDiscriminator.Trunk(settings.Shape.Size), MlpDiscriminator.HiddenUnits, codes);
        return new InfoGanRun(hyperparameters, generator, discriminator, Generator, space, settings.Seed, settings.Device);
    }

    private static ImageShape ImageShape { get; } = new(1, DcganGenerator.ImageSide, DcganGenerator.ImageSide);
}
