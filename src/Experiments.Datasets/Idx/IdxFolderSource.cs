namespace Experiments.Datasets.Idx;

/// <summary>
/// A folder of IDX files (the shipped "mnist" and users' MNIST-like folders), in one of the layouts
/// <see cref="IdxDatasetFolder"/> accepts: train and t10k files are the training and held-out split; a single images
/// file is split deterministically, <see cref="HeldOutFraction"/> held out. Images are 1 x rows x columns.
/// </summary>
public sealed class IdxFolderSource(string name, string folder) : IDataSource
{
    /// <summary>Fraction of a single-file data set kept aside for held-out metrics.</summary>
    public const double HeldOutFraction = 0.1;

    // Fixed, independent of the trial seed: every trial of a sweep is scored on the same held-out images.
    private const int SplitSeed = 28_061_998;

    public string Name { get; } = name;

    public string Folder { get; } = folder;

    public DataShape Check()
    {
        var images = IdxDatasetFolder.Check(Folder);
        return new ImageShape(1, images.Rows, images.Columns);
    }

    public SplitDataset Load()
    {
        var files = IdxDatasetFolder.Locate(Folder);
        var images = IdxReader.ReadImages(files.Images);
        var labels = files.Labels is null ? null : IdxReader.ReadLabels(files.Labels);
        var shape = new ImageShape(1, images.Rows, images.Columns);
        if (files.HeldOutImages is null)
        {
            IdxDatasetFolder.Verify(files, images.Shape, labels?.Length, null, null);
            return SplitSingleFile(shape, images, labels);
        }

        var heldOut = IdxReader.ReadImages(files.HeldOutImages);
        var heldOutLabels = files.HeldOutLabels is null ? null : IdxReader.ReadLabels(files.HeldOutLabels);
        IdxDatasetFolder.Verify(files, images.Shape, labels?.Length, heldOut.Shape, heldOutLabels?.Length);
        return new SplitDataset(
            Name,
            shape,
            DataSplit.OfImages(images.Pixels, images.Count, labels),
            DataSplit.OfImages(heldOut.Pixels, heldOut.Count, heldOutLabels));
    }

    private SplitDataset SplitSingleFile(ImageShape shape, IdxImages images, byte[]? labels)
    {
        var order = Enumerable.Range(0, images.Count).ToArray();
        new Random(SplitSeed).Shuffle(order);
        var heldOutCount = Math.Max(1, (int)Math.Round(images.Count * HeldOutFraction));
        var heldOut = order[..heldOutCount];
        var train = order[heldOutCount..];
        return new SplitDataset(Name, shape, Select(images, labels, train), Select(images, labels, heldOut));
    }

    private static DataSplit Select(IdxImages images, byte[]? labels, int[] indices)
    {
        var perImage = images.PixelsPerImage;
        var pixels = new byte[(long)indices.Length * perImage];
        for (var i = 0; i < indices.Length; i++)
        {
            images.Pixels.AsSpan(indices[i] * perImage, perImage).CopyTo(pixels.AsSpan(i * perImage, perImage));
        }

        return DataSplit.OfImages(pixels, indices.Length, labels is null ? null : indices.Select(i => labels[i]).ToArray());
    }
}
