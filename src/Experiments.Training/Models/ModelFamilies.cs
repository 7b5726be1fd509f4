using Experiments.Contracts.Models;
using Experiments.Training.Engine;
using Experiments.Training.Models.Cgan;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.InfoGan;
using Experiments.Training.Models.Vae;
using Experiments.Training.Models.WganGp;

namespace Experiments.Training.Models;

/// <summary>
/// The one place model families are registered. The catalog that specs are validated against, the CLI shows and
/// workers record params from is built from this list; reading it never loads libtorch.
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
    ];

    public static IModelCatalog Catalog { get; } = new ModelCatalog(All.Select(family => family.Descriptor));

    internal static IModelFamily? Find(string name) =>
        All.FirstOrDefault(family => string.Equals(family.Descriptor.Name, name, StringComparison.Ordinal));
}
