namespace Experiments.Datasets.Idx;

/// <summary>
/// The rules for a folder of IDX files, in one place for the spec validator (which checks a folder before
/// anything runs) and the trainer's data set loader. A folder holds either the standard
/// train-images-idx3-ubyte and t10k-images-idx3-ubyte (optionally .gz; train is used for training, t10k for
/// held-out metrics, both with images of one size) or exactly one *-images-idx3-ubyte[.gz] file, split by the
/// loader. A *-labels-idx1-ubyte[.gz] file next to an images file (same ending) must hold one label per image.
/// </summary>
public static class IdxDatasetFolder
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string HeldOutImages = "t10k-images-idx3-ubyte";

    /// <summary>A single images file is split into training and held-out images, so it needs at least this many.</summary>
    public const int MinImagesToSplit = 2;

    private const string ImagesSuffix = "-images-idx3-ubyte";
    private const string LabelsSuffix = "-labels-idx1-ubyte";

    /// <summary>Said where an IDX folder is expected.</summary>
    public static string Layout => $"{TrainImages} and {HeldOutImages} (optionally .gz) or exactly one *{ImagesSuffix}[.gz] file";

    /// <summary>Finds the folder's IDX files by name; throws <see cref="DatasetLayoutException"/> when the layout is not one of the two accepted.</summary>
    public static IdxDatasetFiles Locate(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DatasetLayoutException($"folder '{folder}' does not exist.");
        }

        var train = FindIdx(folder, TrainImages);
        var heldOut = FindIdx(folder, HeldOutImages);
        if (train is not null && heldOut is not null)
        {
            return new IdxDatasetFiles(folder, train, FindLabels(train), heldOut, FindLabels(heldOut));
        }

        var candidates = Directory.GetFiles(folder, "*" + ImagesSuffix)
            .Concat(Directory.GetFiles(folder, "*" + ImagesSuffix + ".gz"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (candidates.Length != 1)
        {
            throw new DatasetLayoutException($"folder '{folder}' must hold {Layout}, but it holds {candidates.Length} image files.");
        }

        return new IdxDatasetFiles(folder, candidates[0], FindLabels(candidates[0]), null, null);
    }

    /// <summary>
    /// Locates the folder's files and reads each one's header and data length (decompressing .gz files as a
    /// stream, keeping nothing), then applies <see cref="Verify"/>; returns the shape of the (training) images.
    /// Throws <see cref="DatasetLayoutException"/> or <see cref="InvalidDataException"/> naming the file and the
    /// problem, or the I/O error of a file that cannot be read.
    /// </summary>
    public static IdxImageShape Check(string folder)
    {
        var files = Locate(folder);
        var images = IdxReader.InspectImages(files.Images);
        Verify(
            files,
            images,
            files.Labels is null ? null : IdxReader.InspectLabels(files.Labels),
            files.HeldOutImages is null ? null : IdxReader.InspectImages(files.HeldOutImages),
            files.HeldOutLabels is null ? null : IdxReader.InspectLabels(files.HeldOutLabels));
        return images;
    }

    /// <summary>Whether <paramref name="folder"/> holds at least one IDX images file (in either layout).</summary>
    public static bool HoldsImages(string folder) =>
        Directory.EnumerateFiles(folder, "*" + ImagesSuffix).Any() || Directory.EnumerateFiles(folder, "*" + ImagesSuffix + ".gz").Any();

    /// <summary>Checks that the files' shapes fit together; the loader calls it with what it read, the validator with the headers.</summary>
    public static void Verify(IdxDatasetFiles files, IdxImageShape images, int? labels, IdxImageShape? heldOutImages, int? heldOutLabels)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(images);
        RequireOneLabelPerImage(files.Labels, labels, files.Images, images);
        if (files.HeldOutImages is null)
        {
            if (images.Count < MinImagesToSplit)
            {
                throw new InvalidDataException(
                    $"IDX file '{files.Images}' holds {images.Count} image; at least {MinImagesToSplit} are needed to split off held-out data.");
            }

            return;
        }

        ArgumentNullException.ThrowIfNull(heldOutImages);
        if (images.Rows != heldOutImages.Rows || images.Columns != heldOutImages.Columns)
        {
            throw new InvalidDataException(
                $"IDX files '{files.Images}' ({images.Rows}x{images.Columns}) and '{files.HeldOutImages}' ({heldOutImages.Rows}x{heldOutImages.Columns}) hold images of different sizes.");
        }

        RequireOneLabelPerImage(files.HeldOutLabels, heldOutLabels, files.HeldOutImages, heldOutImages);
    }

    private static void RequireOneLabelPerImage(string? labelsPath, int? labels, string imagesPath, IdxImageShape images)
    {
        if (labelsPath is not null && labels != images.Count)
        {
            throw new InvalidDataException($"IDX file '{labelsPath}' holds {labels} labels but '{imagesPath}' holds {images.Count} images.");
        }
    }

    /// <summary>Labels are optional (a VAE does not need them); they sit next to the images with the same ending.</summary>
    private static string? FindLabels(string imagesPath)
    {
        var labelsName = Path.GetFileName(imagesPath).Replace(ImagesSuffix, LabelsSuffix, StringComparison.Ordinal);
        var labelsPath = Path.Combine(Path.GetDirectoryName(imagesPath)!, labelsName);
        return File.Exists(labelsPath) ? labelsPath : null;
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
