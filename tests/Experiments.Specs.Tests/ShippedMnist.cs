using System.IO.Compression;

namespace Experiments.Specs.Tests;

/// <summary>The repository's real MNIST files (data/mnist), copied or cut into a test's own data set folder.</summary>
internal static class ShippedMnist
{
    public const string Images = "mnist-10k-images-idx3-ubyte.gz";
    public const string Labels = "mnist-10k-labels-idx1-ubyte.gz";

    /// <summary>10,000 images of 28x28 pixels follow the 16-byte header.</summary>
    public const int ImageDataBytes = 10_000 * 28 * 28;

    public static string Folder => Path.Combine(SpecText.RepositoryRoot(), "data", "mnist");

    public static void CopyTo(string folder)
    {
        File.Copy(Path.Combine(Folder, Images), Path.Combine(folder, Images));
        File.Copy(Path.Combine(Folder, Labels), Path.Combine(folder, Labels));
    }

    /// <summary>The uncompressed bytes of the shipped images file (header and pixels).</summary>
    public static byte[] DecompressedImages()
    {
        using var file = File.OpenRead(Path.Combine(Folder, Images));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
