using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.Gan;

namespace Experiments.Training.Models.Cgan;

/// <summary>Class-conditional DCGAN for labelled 28x28 grey images: its catalog entry and how a run of it is built.</summary>
internal sealed class CganFamily : IModelFamily
{
    public ModelDescriptor Descriptor { get; } = new(
        Name: "cgan",
        Description: "Class-conditional DCGAN (label embeddings in generator and discriminator) for labelled 28x28 grey images; sample grids show one row per class.",
        Datasets: ["mnist"],
        Hyperparameters:
        [
            .. DcganFamily.GanHyperparameters,
            new("embedding_dim", ParameterKind.Int, ParameterValue.Int(16), "Size of the generator's label embedding, concatenated to z.", Min: 1, Max: 256),
        ],
        Metrics: DcganFamily.GanMetrics)
    {
        Curriculum = GanCurriculum.WithInstanceNoise,
    };

    public string? CheckData(ImageDataset data)
    {
        if (data.Rows != DcganGenerator.ImageSide || data.Columns != DcganGenerator.ImageSide)
        {
            return $"it holds {data.Rows}x{data.Columns} images; the cgan model needs {DcganGenerator.ImageSide}x{DcganGenerator.ImageSide}";
        }

        return data.TrainLabels is null || data.HeldOutLabels is null
            ? "it has no labels files (*-labels-idx1-ubyte next to the images); the cgan model conditions on the class"
            : null;
    }

    public IModelRun CreateRun(ModelRunSettings settings) =>
        new CganRun(CganHyperparameters.From(settings.Hyperparameters), settings.Classes, settings.Seed, settings.Device);
}
