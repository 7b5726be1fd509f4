namespace Experiments.Datasets.Tests.Support;

/// <summary>
/// Writes small CIFAR-10 binary batches in the real format (records of a label byte and 3x32x32 pixel bytes, red plane
/// then green then blue), for the source's and the trainer's tests (also compiled into Experiments.Training.Tests).
/// </summary>
internal static class Cifar10TestFiles
{
    public const int RecordBytes = 1 + (3 * 32 * 32);

    /// <summary>data_batch_1.bin to data_batch_5.bin with <paramref name="perBatch"/> records each, test_batch.bin with <paramref name="test"/>.</summary>
    public static void WriteFolder(string folder, int perBatch = 3, int test = 2)
    {
        for (var batch = 1; batch <= 5; batch++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"data_batch_{batch}.bin"), Records(perBatch, firstLabel: batch));
        }

        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Records(test, firstLabel: 0));
    }

    /// <summary>
    /// <paramref name="count"/> records labelled firstLabel, firstLabel + 1, ... (mod 10); in record r every red byte
    /// is r, every green byte 100 + r and every blue byte 200 + r, so a test can tell the planes and records apart.
    /// </summary>
    public static byte[] Records(int count, int firstLabel)
    {
        var content = new byte[count * RecordBytes];
        for (var record = 0; record < count; record++)
        {
            var offset = record * RecordBytes;
            content[offset] = (byte)((firstLabel + record) % 10);
            for (var channel = 0; channel < 3; channel++)
            {
                content.AsSpan(offset + 1 + (channel * 1024), 1024).Fill((byte)((channel * 100) + record));
            }
        }

        return content;
    }
}
