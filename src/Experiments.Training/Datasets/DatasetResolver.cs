namespace Experiments.Training.Datasets;

/// <summary>
/// Turns a request's dataset name into tensors. "mnist" is the data set shipped with this library
/// (copied to &lt;output&gt;/data/mnist); any other value is a folder. A folder holding the standard
/// train-images-idx3-ubyte and t10k-images-idx3-ubyte files (optionally .gz) uses train for training and
/// t10k for held-out metrics; otherwise its single *-images-idx3-ubyte file is split deterministically.
/// </summary>
internal sealed class DatasetResolver
{
    public const string BuiltInMnist = "mnist";

    /// <summary>Fraction of a single-file data set kept aside for held-out metrics.</summary>
    public const double HeldOutFraction = 0.1;

    // Fixed, independent of the trial seed: every trial of a sweep is scored on the same held-out images.
    private const int SplitSeed = 28_061_998;

    private readonly string builtInRoot;

    public DatasetResolver(string? builtInRoot = null)
    {
        this.builtInRoot = builtInRoot ?? Path.Combine(AppContext.BaseDirectory, "data");
    }

    /// <summary>The folder that <paramref name="dataset"/> refers to.</summary>
    public string ResolveFolder(string dataset) =>
        string.Equals(dataset, BuiltInMnist, StringComparison.Ordinal)
            ? Path.Combine(builtInRoot, BuiltInMnist)
            : Path.GetFullPath(dataset);

    public ImageDataset Load(string dataset)
    {
        var folder = ResolveFolder(dataset);
        if (!Directory.Exists(folder))
        {
            throw new TrainingParameterException(
                $"Dataset '{dataset}' was not found: folder '{folder}' does not exist (use \"mnist\" or a folder with IDX files).")
            {
                ParameterName = "dataset",
            };
        }

        var train = FindIdx(folder, "train-images-idx3-ubyte");
        var test = FindIdx(folder, "t10k-images-idx3-ubyte");
        return train is not null && test is not null
            ? LoadStandardSplit(dataset, train, test)
            : LoadSingleFileSplit(dataset, folder);
    }

    private static ImageDataset LoadStandardSplit(string dataset, string trainPath, string testPath)
    {
        var train = IdxReader.ReadImages(trainPath);
        var test = IdxReader.ReadImages(testPath);
        if (train.Rows != test.Rows || train.Columns != test.Columns)
        {
            throw new InvalidDataException(
                $"IDX files '{trainPath}' ({train.Rows}x{train.Columns}) and '{testPath}' ({test.Rows}x{test.Columns}) hold images of different sizes.");
        }

        var trainLabels = ReadMatchingLabels(trainPath, train.Count);
        var testLabels = ReadMatchingLabels(testPath, test.Count);
        var trainTensor = ImageDataset.ToTensor(train, Enumerable.Range(0, train.Count).ToArray());
        var testTensor = ImageDataset.ToTensor(test, Enumerable.Range(0, test.Count).ToArray());
        return new ImageDataset(dataset, trainTensor, testTensor, trainLabels, testLabels);
    }

    private static ImageDataset LoadSingleFileSplit(string dataset, string folder)
    {
        var candidates = Directory.GetFiles(folder, "*-images-idx3-ubyte")
            .Concat(Directory.GetFiles(folder, "*-images-idx3-ubyte.gz"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (candidates.Length != 1)
        {
            throw new TrainingParameterException(
                $"Dataset '{dataset}': folder '{folder}' must hold train-images-idx3-ubyte and t10k-images-idx3-ubyte (optionally .gz) " +
                $"or exactly one *-images-idx3-ubyte[.gz] file, but it holds {candidates.Length} image files.")
            {
                ParameterName = "dataset",
            };
        }

        var images = IdxReader.ReadImages(candidates[0]);
        if (images.Count < 2)
        {
            throw new InvalidDataException($"IDX file '{candidates[0]}' holds {images.Count} image; at least 2 are needed to split off held-out data.");
        }

        var labels = ReadMatchingLabels(candidates[0], images.Count);
        var order = Enumerable.Range(0, images.Count).ToArray();
        new Random(SplitSeed).Shuffle(order);
        var heldOutCount = Math.Max(1, (int)Math.Round(images.Count * HeldOutFraction));
        var heldOut = order[..heldOutCount];
        var train = order[heldOutCount..];
        return new ImageDataset(
            dataset,
            ImageDataset.ToTensor(images, train),
            ImageDataset.ToTensor(images, heldOut),
            labels is null ? null : train.Select(i => labels[i]).ToArray(),
            labels is null ? null : heldOut.Select(i => labels[i]).ToArray());
    }

    /// <summary>Labels are optional for a VAE; when the sibling labels file exists it must match the images.</summary>
    private static byte[]? ReadMatchingLabels(string imagesPath, int imageCount)
    {
        var labelsPath = imagesPath.Replace("-images-idx3-ubyte", "-labels-idx1-ubyte", StringComparison.Ordinal);
        if (!File.Exists(labelsPath))
        {
            return null;
        }

        var labels = IdxReader.ReadLabels(labelsPath);
        return labels.Length == imageCount
            ? labels
            : throw new InvalidDataException($"IDX file '{labelsPath}' holds {labels.Length} labels but '{imagesPath}' holds {imageCount} images.");
    }

    private static string? FindIdx(string folder, string baseName)
    {
        var plain = Path.Combine(folder, baseName);
        if (File.Exists(plain))
        {
            return plain;
        }

        var compressed = plain + ".gz";
        return File.Exists(compressed) ? compressed : null;
    }
}
