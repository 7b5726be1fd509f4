using Experiments.Datasets.Cifar10;
using Experiments.Datasets.Idx;
using Experiments.Contracts.Models;
using Experiments.Datasets.Mixtures;
using Experiments.Datasets.Series;
using Experiments.Datasets.Text;

namespace Experiments.Datasets;

/// <summary>
/// The one place data sources are registered. A spec's <c>dataset:</c> is a built-in name (<see cref="BuiltIn"/>) or
/// else a path: a folder, opened by what it holds (CIFAR-10 binary batches, else IDX files), or a file (a CSV time
/// series, else UTF-8 text). The spec validator, the CLI and the trainer all resolve names here; nothing here loads
/// libtorch.
/// </summary>
public static class DataSources
{
    public const string Mnist = "mnist";
    public const string Ring8 = "ring8";
    public const string Grid25 = "grid25";
    public const string Genesis = "genesis";
    public const string Sunspots = "sunspots";
    public const string Sines = "sines";
    public const string Autoregressive = "autoregressive";

    /// <summary>Said in messages wherever a folder of images is allowed.</summary>
    public const string FolderKinds = "an existing folder of IDX files or of CIFAR-10 binary batches";

    /// <summary>Said in messages wherever a text file is allowed.</summary>
    public const string TextFileKind = "an existing UTF-8 text file";

    /// <summary>Said in messages wherever a CSV time series is allowed.</summary>
    public const string CsvFileKind = "an existing CSV file with a header row (file.csv, or file.csv#column,column to choose columns)";

    public static IReadOnlyList<BuiltInDataSource> BuiltIn { get; } =
    [
        new(Mnist, "10,000 MNIST digits shipped with Experiments (1x28x28, labelled), 10% held out.", new ImageShape(1, 28, 28),
            builtInRoot => new IdxFolderSource(Mnist, Path.Combine(builtInRoot, Mnist))),

        // The 2D-ring and 2D-grid of VEEGAN (Srivastava et al. 2017) as PacGAN's code (Lin et al. 2018) defines them.
        new(Ring8, "8 Gaussian modes evenly spaced on the unit circle, standard deviation 0.01 (VEEGAN's and PacGAN's 2D-ring).", new PointShape(2),
            _ => new GaussianMixtureSource(Ring8, GaussianMixture.Ring(8, radius: 1, standardDeviation: 0.01), dataSeed: 171_204_086)),
        new(Grid25, "25 Gaussian modes on the grid {-4, -2, 0, 2, 4}^2, standard deviation 0.05 (VEEGAN's and PacGAN's 2D-grid).", new PointShape(2),
            _ => new GaussianMixtureSource(Grid25, GaussianMixture.Grid(5, spacing: 2, standardDeviation: 0.05), dataSeed: 171_204_087)),

        new(Genesis, "The Book of Genesis, King James Version, shipped with Experiments (197,408 characters, public domain), the last 10% held out.", new TextShape(70),
            builtInRoot => new TextFileSource(Genesis, Path.Combine(builtInRoot, Genesis, "genesis.txt"))),
        new(Sunspots, "Yearly sunspot numbers 1700-2008 (NOAA, public domain), shipped with Experiments; the last 20% of the years held out.", new SeriesShape(1),
            builtInRoot => new CsvSeriesSource(Sunspots, Path.Combine(builtInRoot, Sunspots, "sunspots.csv"), ["SUNACTIVITY"])),
        new(Sines, "10,000 steps of three sines (periods 24, 61, 157) plus noise, fixed seed; the last 20% held out.", new SeriesShape(1),
            _ => new GeneratedSeriesSource(Sines, GeneratedSeries.Sines, dataSeed: 240_157)),
        new(Autoregressive, "10,000 steps of the AR(2) process x_t = 1.6 x_(t-1) - 0.8 x_(t-2) + N(0, 1), fixed seed; the last 20% held out.", new SeriesShape(1),
            _ => new GeneratedSeriesSource(Autoregressive, GeneratedSeries.Autoregressive, dataSeed: 160_080)),
    ];

    /// <summary>The paths a model that trains on <paramref name="kind"/> of data accepts, for messages.</summary>
    public static string PathKind(DataKind kind) => kind switch
    {
        DataKind.Text => TextFileKind,
        DataKind.Series => CsvFileKind,
        DataKind.Images => FolderKinds,
        _ => "no path (built-in data sets only)",
    };

    public static BuiltInDataSource? FindBuiltIn(string name) =>
        BuiltIn.FirstOrDefault(source => string.Equals(source.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The source <paramref name="dataset"/> names: a built-in one (shipped files under <paramref name="builtInRoot"/>),
    /// else the file or folder at that path (relative to the current directory).
    /// </summary>
    public static IDataSource Open(string dataset, string builtInRoot)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return FindBuiltIn(dataset) is { } builtIn ? builtIn.Open(builtInRoot) : OpenPath(dataset);
    }

    /// <summary>
    /// The source at a path: a file (<see cref="OpenFile"/>) or a folder (<see cref="OpenFolder"/>). Throws
    /// <see cref="DatasetLayoutException"/> when there is neither.
    /// </summary>
    public static IDataSource OpenPath(string path, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (file, columns) = CsvSeriesSource.ParseReference(path);
        var fullFile = Path.GetFullPath(file, baseDirectory ?? Directory.GetCurrentDirectory());
        if (File.Exists(fullFile))
        {
            return OpenFile(fullFile, columns, path);
        }

        var full = Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());
        return OpenFolder(full, path);
    }

    /// <summary>A file by its name: <c>.csv</c> is a time series (of <paramref name="columns"/>, or the default ones), anything else UTF-8 text.</summary>
    public static IDataSource OpenFile(string file, IReadOnlyList<string>? columns = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (string.Equals(Path.GetExtension(file), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new CsvSeriesSource(name ?? file, file, columns);
        }

        return columns is null
            ? new TextFileSource(name ?? file, file)
            : throw new DatasetLayoutException($"'{file}' is not a CSV file, so '#{string.Join(",", columns)}' names no columns.");
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
