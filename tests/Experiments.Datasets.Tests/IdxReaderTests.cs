using Experiments.Testing;
using Experiments.Datasets.Idx;
using Experiments.Datasets.Tests.Support;

namespace Experiments.Datasets.Tests;

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

    [Theory]
    [InlineData("sample-images-idx3-ubyte")]
    [InlineData("sample-images-idx3-ubyte.gz")]
    public void Inspect_returns_the_shape_without_keeping_the_data(string fileName)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(fileName);
        IdxTestFiles.WriteImages(path, IdxTestFiles.Pattern(3 * 4 * 5), count: 3, rows: 4, columns: 5);
        var labelsPath = folder.File(fileName.Replace("images-idx3", "labels-idx1", StringComparison.Ordinal));
        IdxTestFiles.WriteLabels(labelsPath, [1, 2, 3]);

        Assert.Equal(new IdxImageShape(3, 4, 5), IdxReader.InspectImages(path));
        Assert.Equal(3, IdxReader.InspectLabels(labelsPath));
    }

    [Theory]
    [InlineData("cut-images-idx3-ubyte")]
    [InlineData("cut-images-idx3-ubyte.gz")]
    public void Inspect_reports_truncated_data_as_read_does(string fileName)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(fileName);
        IdxTestFiles.WriteImages(path, new byte[20], count: 60_000, rows: 28, columns: 28);

        var inspected = Assert.Throws<InvalidDataException>(() => IdxReader.InspectImages(path));
        var read = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Equal($"IDX file '{path}' is truncated: its header declares 47040000 data bytes but only 20 follow.", inspected.Message);
        Assert.Equal(inspected.Message, read.Message);
    }

    [Theory]
    [InlineData("long-labels-idx1-ubyte")]
    [InlineData("long-labels-idx1-ubyte.gz")]
    public void More_data_than_the_header_declares_is_rejected(string fileName)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(fileName);
        var content = new byte[8 + 5];
        content[3] = 0x01;
        content[2] = 0x08;
        content[7] = 3; // three labels declared, five bytes follow
        IdxTestFiles.Write(path, content);

        var inspected = Assert.Throws<InvalidDataException>(() => IdxReader.InspectLabels(path));
        var read = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains($"IDX file '{path}' holds more data than its header declares (3 bytes)", inspected.Message, StringComparison.Ordinal);
        Assert.Equal(inspected.Message, read.Message);
    }

    [Fact]
    public void A_gz_file_that_is_not_gzip_is_named_as_such()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("plain-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 42]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.InspectImages(path));

        Assert.Equal(
            $"IDX file '{path}' is not gzip data: it does not start with the gzip signature 1f 8b (remove the .gz ending if it is not compressed).",
            error.Message);
    }

    [Fact]
    public void A_compressed_file_without_the_gz_ending_gets_a_hint()
    {
        using var folder = new TemporaryFolder();
        var compressed = folder.File("x-images-idx3-ubyte.gz");
        IdxTestFiles.WriteImages(compressed, new byte[4], count: 1, rows: 2, columns: 2);
        var path = folder.File("x-images-idx3-ubyte");
        File.Move(compressed, path);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.InspectImages(path));

        Assert.Contains("it looks gzip-compressed: name it with a .gz ending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_declaring_more_than_an_array_can_hold_is_refused_before_reading()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("huge-images-idx3-ubyte");
        IdxTestFiles.WriteImages(path, [], count: int.MaxValue, rows: int.MaxValue, columns: int.MaxValue);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("more than this reader accepts", error.Message, StringComparison.Ordinal);
    }
}
