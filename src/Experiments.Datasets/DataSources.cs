using Experiments.Datasets.Idx;

namespace Experiments.Datasets;

/// <summary>
/// The one place data sources are registered. A spec's <c>dataset:</c> is a built-in name (<see cref="BuiltIn"/>) or
/// else the path of a folder, opened by what it holds. The spec validator, the CLI and the trainer all resolve names
/// here; nothing here loads libtorch.
/// </summary>
public static class DataSources
{
    public const string Mnist = "mnist";

    /// <summary>Said in messages wherever a folder is allowed.</summary>
    public const string FolderKinds = "an existing folder of IDX files";

    public static IReadOnlyList<BuiltInDataSource> BuiltIn { get; } =
    [
        new(Mnist, "10,000 MNIST digits shipped with Experiments (1x28x28, labelled), 10% held out.", new ImageShape(1, 28, 28),
            builtInRoot => new IdxFolderSource(Mnist, Path.Combine(builtInRoot, Mnist))),
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

    /// <summary>The source for a folder, by what it holds. Throws <see cref="DatasetLayoutException"/> for a missing folder.</summary>
    public static IDataSource OpenFolder(string folder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DatasetLayoutException($"folder '{folder}' does not exist.");
        }

        return new IdxFolderSource(name ?? folder, folder);
    }
}
