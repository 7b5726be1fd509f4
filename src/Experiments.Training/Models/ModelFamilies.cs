using Experiments.Contracts.Models;
using Experiments.Training.Engine;
using Experiments.Training.Models.Autoencoder;
using Experiments.Training.Models.Cgan;
using Experiments.Training.Models.Command;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.Function;
using Experiments.Training.Models.InfoGan;
using Experiments.Training.Models.LstmForecast;
using Experiments.Training.Models.LstmLm;
using Experiments.Training.Models.Vae;
using Experiments.Training.Models.WganGp;

namespace Experiments.Training.Models;

/// <summary>
/// The one place models are registered: the families trained with libtorch and the models computed without it. The
/// catalog that specs are validated against, the CLI shows and workers record params from is built from these lists;
/// reading it never loads libtorch.
/// </summary>
public static class ModelFamilies
{
    internal static IReadOnlyList<IModelFamily> All { get; } =
    [
        new VaeFamily(),
        new DcganFamily(),
        new CganFamily(),
        new InfoGanFamily(),
        new WganGpFamily(),
        new AutoencoderFamily(),
        new LstmLmFamily(),
        new LstmForecastFamily(),
    ];

    internal static IReadOnlyList<IComputedModel> Computed { get; } =
    [
        new FunctionModel(),
        new CommandModel(),
    ];

    public static IModelCatalog Catalog { get; } = new ModelCatalog(All.Select(family => family.Descriptor).Concat(Computed.Select(model => model.Descriptor)));

    /// <summary>Whether trials of the model need libtorch (false for computed models and unknown names).</summary>
    public static bool NeedsTorch(string model) => Find(model) is not null;

    internal static IModelFamily? Find(string name) =>
        All.FirstOrDefault(family => string.Equals(family.Descriptor.Name, name, StringComparison.Ordinal));

    internal static IComputedModel? FindComputed(string name) =>
        Computed.FirstOrDefault(model => string.Equals(model.Descriptor.Name, name, StringComparison.Ordinal));
}
