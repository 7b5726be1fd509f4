using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.Gan;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Cgan;

/// <summary>
/// Class-conditional DCGAN: its catalog entry and how a run of it is built. Convolutional networks on labelled 1x28x28
/// images; on the mixtures, PacGAN's MLPs conditioned on the mode a point was drawn from (its label).
/// </summary>
internal sealed class CganFamily : IModelFamily
{
    private static readonly ImageShape ImageShape = new(1, DcganGenerator.ImageSide, DcganGenerator.ImageSide);

    public ModelDescriptor Descriptor { get; } = new(
        Name: "cgan",
        Description: "Class-conditional DCGAN (label embeddings in generator and discriminator) for labelled 1x28x28 images, one grid row per class; on the 2-D mixtures it conditions MLPs on each point's mode.",
        Datasets: [DataSources.Mnist, DataSources.Ring8, DataSources.Grid25],
        Hyperparameters:
        [
            .. DcganFamily.GanHyperparameters,
            new("embedding_dim", ParameterKind.Int, ParameterValue.Int(16), "Size of the label embeddings: the generator's, concatenated to z, and on points the discriminator's, concatenated to the point.", Min: 1, Max: 256),
        ],
        Metrics: DcganFamily.GanMetrics)
    {
        Curriculum = GanCurriculum.WithInstanceNoise,
    };

    public string? CheckData(TrainingData data)
    {
        var shape = DataRequirement.Unless(
            data.Shape is ImageShape image ? image == ImageShape : DataRequirement.IsMixture(data),
            data,
            Descriptor.Name,
            $"labelled {ImageShape} or {DataRequirement.MixturePoints}");
        if (shape is not null)
        {
            return shape;
        }

        return data.TrainLabels is null || data.HeldOutLabels is null
            ? "it has no labels files (*-labels-idx1-ubyte next to the images); the cgan model conditions on the class"
            : null;
    }

    public IModelRun CreateRun(ModelRunSettings settings)
    {
        var space = SampleSpace.For(settings); // first: a missing classifier fails before any network is built
        var hyperparameters = CganHyperparameters.From(settings.Hyperparameters);
        var gan = hyperparameters.Gan;
        CganGenerator Generator() => settings.Shape is ImageShape
            ? new CganGenerator(settings.Classes, hyperparameters.EmbeddingDim, gan.LatentDim, gan.BaseChannels)
            : new CganGenerator(settings.Classes, hyperparameters.EmbeddingDim, new MlpGenerator(gan.LatentDim + hyperparameters.EmbeddingDim, settings.Shape.Size));

        var generator = Generator(); // first: the seeded initialisation order
        Module<Tensor, Tensor, Tensor> discriminator = settings.Shape is ImageShape
            ? new CganDiscriminator(settings.Classes, gan.BaseChannels)
            : new CganPointDiscriminator(settings.Classes, hyperparameters.EmbeddingDim, settings.Shape.Size);
        return new CganRun(hyperparameters, generator, discriminator, Generator, space, settings.Classes, settings.Seed, settings.Device);
    }
}
