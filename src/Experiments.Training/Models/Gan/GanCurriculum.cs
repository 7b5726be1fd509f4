using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// The curriculum settings of the GAN families on 28x28 images and their default stages: progressive resolution
/// (what the discriminator sees grows 7x7 → 14x14 → 28x28, as in ProGAN, with the networks kept whole: see
/// <see cref="DiscriminatorView"/>) and instance noise annealed to the trial's own level (Sønderby et al. 2017).
/// </summary>
internal static class GanCurriculum
{
    public const string Resolution = "resolution";
    public const string InstanceNoise = "instance_noise";

    private static readonly HyperparameterDescriptor ResolutionSetting = new(
        Resolution, ParameterKind.Int, ParameterValue.Int(DcganGenerator.ImageSide),
        "Side of the images the discriminator sees: real and generated images are average-pooled to it and scaled back up (nearest), so only coarser detail can be told apart.",
        Min: 7, Max: DcganGenerator.ImageSide, Allowed: ["7", "14", "28"]);

    private static readonly HyperparameterDescriptor InstanceNoiseSetting = new(
        InstanceNoise, ParameterKind.Float, ParameterValue.Float(0),
        "Std of Gaussian noise added to every discriminator input during the stage (images in [-1, 1]); outside the curriculum, the hyperparameter instance_noise where the model has one, else 0.",
        Min: 0, Max: 2);

    /// <summary>dcgan, cgan and infogan: resolution and instance noise change together.</summary>
    public static CurriculumDescriptor WithInstanceNoise { get; } = new(
        "Progressive resolution with instance-noise annealing: a quarter of the epochs at 7x7 with noise 0.2, a quarter at 14x14 with noise 0.1, the rest at 28x28 with the trial's instance_noise.",
        [ResolutionSetting, InstanceNoiseSetting],
        [
            Stage("coarse", 0.25, (Resolution, ParameterValue.Int(7)), (InstanceNoise, ParameterValue.Float(0.2))),
            Stage("medium", 0.25, (Resolution, ParameterValue.Int(14)), (InstanceNoise, ParameterValue.Float(0.1))),
            Stage("full", 0.5, (Resolution, ParameterValue.Int(DcganGenerator.ImageSide))),
        ]);

    /// <summary>
    /// wgan-gp: progressive resolution only by default. Instance noise is a remedy for a discriminator that saturates on
    /// disjoint supports, which the Wasserstein critic with its gradient penalty is built not to do; the setting is there to try.
    /// </summary>
    public static CurriculumDescriptor ResolutionOnly { get; } = new(
        "Progressive resolution: a quarter of the epochs at 7x7, a quarter at 14x14, the rest at 28x28 (instance_noise may be set per stage; it is 0 outside the curriculum).",
        [ResolutionSetting, InstanceNoiseSetting],
        [
            Stage("coarse", 0.25, (Resolution, ParameterValue.Int(7))),
            Stage("medium", 0.25, (Resolution, ParameterValue.Int(14))),
            Stage("full", 0.5, (Resolution, ParameterValue.Int(DcganGenerator.ImageSide))),
        ]);

    private static CurriculumStageDefault Stage(string name, double share, params (string Name, ParameterValue Value)[] settings) =>
        new(name, share, settings.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal));
}
