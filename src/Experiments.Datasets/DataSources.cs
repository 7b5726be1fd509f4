using Experiments.Datasets.Cifar10;
using Experiments.Datasets.Idx;
using Experiments.Datasets.Mixtures;

namespace Experiments.Datasets;

/// <summary>
/// The one place data sources are registered. A spec's <c>dataset:</c> is a built-in name (<see cref="BuiltIn"/>) or
/// else the path of a folder, opened by what it holds (CIFAR-10 binary batches, else IDX files). The spec validator,
/// the CLI and the trainer all resolve names here; nothing here loads libtorch.
/// </summary>
public static class DataSources
{
    public const string Mnist = "mnist";
    public const string Ring8 = "ring8";
    public const string Grid25 = "grid25";

    /// <summary>Said in messages wherever a folder is allowed.</summary>
    public const string FolderKinds = "an existing folder of IDX files or of CIFAR-10 binary batches";

    public static IReadOnlyList<BuiltInDataSource> BuiltIn { get; } =
    [
        new(Mnist, "10,000 MNIST digits shipped with Experiments (1x28x28, labelled), 10% held out.", new ImageShape(1, 28, 28),
            builtInRoot => new IdxFolderSource(Mnist, Path.Combine(builtInRoot, Mnist))),

        // The 2D-ring and 2D-grid of VEEGAN (Srivastava et al. 2017) as PacGAN's code (Lin et al. 2018) defines them.
        new(Ring8, "8 Gaussian modes evenly spaced on the unit circle, standard deviation 0.01 (VEEGAN's and PacGAN's 2D-ring).", new PointShape(2),
            _ => new GaussianMixtureSource(Ring8, GaussianMixture.Ring(8, radius: 1, standardDeviation: 0.01), dataSeed: 171_204_086)),
        new(Grid25, "25 Gaussian modes on the grid {-4, -2, 0, 2, 4}^2, standard deviation 0.05 (VEEGAN's and PacGAN's 2D-grid).", new PointShape(2),
            _ => new GaussianMixtureSource(Grid25, GaussianMixture.Grid(5, spacing: 2, standardDeviation: 0.05), dataSeed: 171_204_087)),
    ];

    public static BuiltInDataSource? FindBuiltIn(string name) =>
        BuiltIn.FirstOrDefault(source => string.Equals(source.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The source <paramref name="dataset"/> names: a built-in one (shipped files under <paramref name="builtInRoot"/>),
    /// else the folder at that path (relative to the current directory).
    /// </summary>
    public static IDataSource Open(string dataset, string builtInRoot)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return FindBuiltIn(dataset) is { } builtIn ? builtIn.Open(builtInRoot) : OpenFolder(Path.GetFullPath(dataset), dataset);
    }

    /// <summary>
    /// The source for a folder, by the names of the files it holds: CIFAR-10 batches, else IDX images. Throws
    /// <see cref="DatasetLayoutException"/> for a missing folder or one that holds neither.
    /// </summary>
    public static IDataSource OpenFolder(string folder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DatasetLayoutException($"folder '{folder}' does not exist.");
        }

        if (Cifar10FolderSource.HoldsBatches(folder))
        {
            return new Cifar10FolderSource(name ?? folder, folder);
        }

        if (IdxDatasetFolder.HoldsImages(folder))
        {
            return new IdxFolderSource(name ?? folder, folder);
        }

        throw new DatasetLayoutException(
            $"folder '{folder}' holds no data set: expected IDX images ({IdxDatasetFolder.Layout}) or CIFAR-10 binary batches ({Cifar10FolderSource.Layout}).");
    }
}
