using Experiments.Training.Datasets;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

public sealed class IdxReaderTests
{
    [Theory]
    [InlineData("sample-images-idx3-ubyte")]
    [InlineData("sample-images-idx3-ubyte.gz")]
    public void Images_and_labels_round_trip(string fileName)
    {
        using var folder = new TemporaryFolder();
        var pixels = IdxTestFiles.Pattern(3 * 4 * 5);
        var labels = new byte[] { 7, 0, 9 };
        var imagesPath = folder.File(fileName);
        var labelsPath = folder.File(fileName.Replace("images-idx3", "labels-idx1", StringComparison.Ordinal));
        IdxTestFiles.WriteImages(imagesPath, pixels, count: 3, rows: 4, columns: 5);
        IdxTestFiles.WriteLabels(labelsPath, labels);

        var images = IdxReader.ReadImages(imagesPath);

        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Columns));
        Assert.Equal(pixels, images.Pixels);
        Assert.Equal(labels, IdxReader.ReadLabels(labelsPath));
    }

    [Theory]
    [InlineData("bad-images-idx3-ubyte")]
    [InlineData("bad-images-idx3-ubyte.gz")]
    public void Wrong_magic_number_is_reported_with_the_file_name(string fileName)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(fileName);
        IdxTestFiles.WriteImages(path, new byte[4], count: 1, rows: 2, columns: 2, magic: 0x0801);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_file_read_as_images_is_rejected()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("x-labels-idx1-ubyte");
        IdxTestFiles.WriteLabels(path, [1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cut-images-idx3-ubyte")]
    [InlineData("cut-images-idx3-ubyte.gz")]
    public void Truncated_data_is_reported_with_the_file_name(string fileName)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(fileName);
        // The header promises 10 images of 28x28 but only 100 bytes follow.
        IdxTestFiles.WriteImages(path, new byte[100], count: 10, rows: 28, columns: 28);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_shorter_than_its_header_is_reported_with_the_file_name()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("short-images-idx3-ubyte");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_off_gzip_stream_is_reported_with_the_file_name()
    {
        using var folder = new TemporaryFolder();
        var whole = folder.File("whole-images-idx3-ubyte.gz");
        IdxTestFiles.WriteImages(whole, IdxTestFiles.Pattern(50 * 28 * 28), count: 50, rows: 28, columns: 28);
        var bytes = File.ReadAllBytes(whole);
        var path = folder.File("cut-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
