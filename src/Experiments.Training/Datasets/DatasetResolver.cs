using Experiments.Datasets;

namespace Experiments.Training.Datasets;

/// <summary>
/// Turns a request's dataset name into tensors. "mnist" is the data set shipped with this library
/// (copied to &lt;output&gt;/data/mnist); any other value is a folder, in one of the layouts
/// <see cref="IdxDatasetFolder"/> accepts: train and t10k files are the training and held-out split;
/// a single images file is split deterministically.
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
        IdxDatasetFiles files;
        try
        {
            files = IdxDatasetFolder.Locate(folder);
        }
        catch (IdxDatasetLayoutException exception)
        {
            throw new TrainingParameterException(
                $"Dataset '{dataset}': {exception.Message.TrimEnd('.')} (use \"mnist\" or a folder with IDX files).", exception)
            {
                ParameterName = "dataset",
            };
        }

        var images = IdxReader.ReadImages(files.Images);
        var labels = files.Labels is null ? null : IdxReader.ReadLabels(files.Labels);
        if (files.HeldOutImages is null)
        {
            IdxDatasetFolder.Verify(files, images.Shape, labels?.Length, null, null);
            return SplitSingleFile(dataset, images, labels);
        }

        var heldOut = IdxReader.ReadImages(files.HeldOutImages);
        var heldOutLabels = files.HeldOutLabels is null ? null : IdxReader.ReadLabels(files.HeldOutLabels);
        IdxDatasetFolder.Verify(files, images.Shape, labels?.Length, heldOut.Shape, heldOutLabels?.Length);
        return new ImageDataset(
            dataset,
            ImageDataset.ToTensor(images, Enumerable.Range(0, images.Count).ToArray()),
            ImageDataset.ToTensor(heldOut, Enumerable.Range(0, heldOut.Count).ToArray()),
            labels,
            heldOutLabels);
    }

    private static ImageDataset SplitSingleFile(string dataset, IdxImages images, byte[]? labels)
    {
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
}
