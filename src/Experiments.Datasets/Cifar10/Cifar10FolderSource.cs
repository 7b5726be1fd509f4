namespace Experiments.Datasets.Cifar10;

/// <summary>
/// A folder of CIFAR-10's binary batches ("CIFAR-10 binary version", https://www.cs.toronto.edu/~kriz/cifar.html):
/// data_batch_1.bin to data_batch_5.bin are trained on, test_batch.bin gives the held-out metrics. Each file is a run
/// of 3,073-byte records: the label (0 to 9), then 3x32x32 pixel bytes (the red plane, then green, then blue, each
/// row by row), which is already the channels x height x width order the trainer wants.
/// </summary>
public sealed class Cifar10FolderSource(string name, string folder) : IDataSource
{
    public const int Classes = 10;
    public const string TestBatch = "test_batch.bin";

    public static readonly ImageShape ImageShape = new(3, 32, 32);

    /// <summary>One label byte and the pixels.</summary>
    public static readonly int RecordBytes = 1 + ImageShape.Size;

    public static IReadOnlyList<string> TrainingBatches { get; } = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];

    /// <summary>Said where a CIFAR-10 folder is expected.</summary>
    public static string Layout => $"{TrainingBatches[0]} to {TrainingBatches[^1]} and {TestBatch}";

    public string Name { get; } = name;

    public string Folder { get; } = folder;

    /// <summary>Whether <paramref name="folder"/> looks like a CIFAR-10 folder: it holds at least one of the batch files.</summary>
    public static bool HoldsBatches(string folder) =>
        TrainingBatches.Append(TestBatch).Any(file => File.Exists(Path.Combine(folder, file)));

    public DataShape Check()
    {
        Span<byte> label = stackalloc byte[1];
        foreach (var path in Files())
        {
            var count = RecordCount(path);
            using var handle = File.OpenHandle(path);
            for (var record = 0; record < count; record++)
            {
                // One byte per record, read where it is: the pixels are never read.
                RandomAccess.Read(handle, label, (long)record * RecordBytes);
                RequireLabel(path, record, label[0]);
            }
        }

        return ImageShape;
    }

    public SplitDataset Load()
    {
        var files = Files();
        return new SplitDataset(Name, ImageShape, Read(files.Take(TrainingBatches.Count).ToList()), Read([files[^1]]));
    }

    private List<string> Files()
    {
        var files = TrainingBatches.Append(TestBatch).Select(file => Path.Combine(Folder, file)).ToList();
        var missing = files.Where(path => !File.Exists(path)).Select(Path.GetFileName).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetLayoutException(
                $"folder '{Folder}' holds CIFAR-10 binary batches but not {string.Join(", ", missing)}; it needs {Layout} (the CIFAR-10 binary version).");
        }

        return files;
    }

    private static int RecordCount(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0 || length % RecordBytes != 0)
        {
            throw new InvalidDataException(
                $"CIFAR-10 file '{path}' holds {length} bytes, not a whole number of {RecordBytes}-byte records (a label byte and 3x32x32 pixel bytes): it is truncated or not a CIFAR-10 binary batch.");
        }

        return checked((int)(length / RecordBytes));
    }

    private static void RequireLabel(string path, int record, byte label)
    {
        if (label >= Classes)
        {
            throw new InvalidDataException(
                $"CIFAR-10 file '{path}' has label {label} in record {record + 1}; labels are 0 to {Classes - 1}: it is damaged or not a CIFAR-10 binary batch.");
        }
    }

    private static DataSplit Read(IReadOnlyList<string> paths)
    {
        var counts = paths.Select(RecordCount).ToList();
        var total = counts.Sum();
        var pixels = new byte[(long)total * ImageShape.Size];
        var labels = new byte[total];
        var next = 0;
        for (var file = 0; file < paths.Count; file++)
        {
            var content = File.ReadAllBytes(paths[file]);
            if (content.Length != (long)counts[file] * RecordBytes)
            {
                throw new InvalidDataException($"CIFAR-10 file '{paths[file]}' changed while it was read.");
            }

            for (var record = 0; record < counts[file]; record++, next++)
            {
                var offset = record * RecordBytes;
                RequireLabel(paths[file], record, content[offset]);
                labels[next] = content[offset];
                content.AsSpan(offset + 1, ImageShape.Size).CopyTo(pixels.AsSpan(next * ImageShape.Size, ImageShape.Size));
            }
        }

        return DataSplit.OfImages(pixels, total, labels);
    }
}
