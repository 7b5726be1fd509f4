using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.Gan;

namespace Experiments.Training.Models.InfoGan;

/// <summary>InfoGAN (Chen et al. 2016) on 28x28 grey images: its catalog entry and how a run of it is built.</summary>
internal sealed class InfoGanFamily : IModelFamily
{
    public ModelDescriptor Descriptor { get; } = new(
        Name: "infogan",
        Description: "InfoGAN: a DCGAN whose generator also takes a categorical and continuous latent codes that an auxiliary Q head must recover (mutual information); unsupervised, so labels are not needed.",
        Datasets: ["mnist"],
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
            new("code_accuracy", ObjectiveGoal.Maximize, "How often Q recovers the categorical code of 1,000 fixed samples (1/categories means the code is ignored)."),
        ])
    {
        Curriculum = GanCurriculum.WithInstanceNoise,
    };

    public string? CheckData(ImageDataset data) =>
        data.Rows == DcganGenerator.ImageSide && data.Columns == DcganGenerator.ImageSide
            ? null
            : $"it holds {data.Rows}x{data.Columns} images; the infogan model needs {DcganGenerator.ImageSide}x{DcganGenerator.ImageSide}";

    public IModelRun CreateRun(ModelRunSettings settings) =>
        new InfoGanRun(InfoGanHyperparameters.From(settings.Hyperparameters), settings.Seed, settings.Device);
}
