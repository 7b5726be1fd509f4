using Experiments.Testing;
using Experiments.Datasets.Idx;
using Experiments.Datasets.Tests.Support;

namespace Experiments.Datasets.Tests;

/// <summary>The folder rules the spec validator and the trainer's loader share, on real files.</summary>
public sealed class IdxDatasetFolderTests
{
    [Fact]
    public void The_shipped_mnist_folder_passes_the_check()
    {
        var shipped = Path.Combine(RepositoryRoot(), "data", "mnist");

        var images = IdxDatasetFolder.Check(shipped);
        var files = IdxDatasetFolder.Locate(shipped);

        Assert.Equal(new IdxImageShape(10_000, 28, 28), images);
        Assert.Equal(Path.Combine(shipped, "mnist-10k-images-idx3-ubyte.gz"), files.Images);
        Assert.Equal(Path.Combine(shipped, "mnist-10k-labels-idx1-ubyte.gz"), files.Labels);
        Assert.Null(files.HeldOutImages);
    }

    [Fact]
    public void A_standard_train_and_t10k_folder_is_located_with_its_labels()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("train-images-idx3-ubyte.gz"), IdxTestFiles.Pattern(6 * 4), 6, 2, 2);
        IdxTestFiles.WriteLabels(folder.File("train-labels-idx1-ubyte.gz"), [0, 1, 2, 3, 4, 5]);
        IdxTestFiles.WriteImages(folder.File("t10k-images-idx3-ubyte"), IdxTestFiles.Pattern(2 * 4), 2, 2, 2);

        var images = IdxDatasetFolder.Check(folder.Path);
        var files = IdxDatasetFolder.Locate(folder.Path);

        Assert.Equal(new IdxImageShape(6, 2, 2), images);
        Assert.Equal(
            new IdxDatasetFiles(folder.Path, folder.File("train-images-idx3-ubyte.gz"), folder.File("train-labels-idx1-ubyte.gz"), folder.File("t10k-images-idx3-ubyte"), null),
            files);
    }

    [Fact]
    public void A_truncated_train_file_is_named()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("train-images-idx3-ubyte"), new byte[20], 60_000, 28, 28);
        IdxTestFiles.WriteImages(folder.File("t10k-images-idx3-ubyte"), IdxTestFiles.Pattern(2 * 784), 2, 28, 28);

        var error = Assert.Throws<InvalidDataException>(() => IdxDatasetFolder.Check(folder.Path));

        Assert.Equal(
            $"IDX file '{folder.File("train-images-idx3-ubyte")}' is truncated: its header declares 47040000 data bytes but only 20 follow.",
            error.Message);
    }

    [Fact]
    public void A_garbled_header_is_named()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("digits-images-idx3-ubyte");
        IdxTestFiles.WriteImages(path, IdxTestFiles.Pattern(4 * 4), 4, 2, 2);
        var bytes = File.ReadAllBytes(path);
        Random.Shared.NextBytes(bytes.AsSpan(0, 4));
        bytes[2] |= 0x10; // never the valid 0x08
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxDatasetFolder.Check(folder.Path));

        Assert.StartsWith($"IDX file '{path}' has magic number 0x", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 0x00000803 for idx3-ubyte images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_and_t10k_images_of_different_sizes_are_rejected()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("train-images-idx3-ubyte"), IdxTestFiles.Pattern(2 * 4), 2, 2, 2);
        IdxTestFiles.WriteImages(folder.File("t10k-images-idx3-ubyte"), IdxTestFiles.Pattern(2 * 9), 2, 3, 3);

        var error = Assert.Throws<InvalidDataException>(() => IdxDatasetFolder.Check(folder.Path));

        Assert.Contains("(2x2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(3x3) hold images of different sizes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_that_do_not_match_the_images_are_rejected()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("digits-images-idx3-ubyte"), IdxTestFiles.Pattern(3 * 4), 3, 2, 2);
        IdxTestFiles.WriteLabels(folder.File("digits-labels-idx1-ubyte"), [1, 2]);

        var error = Assert.Throws<InvalidDataException>(() => IdxDatasetFolder.Check(folder.Path));

        Assert.Equal(
            $"IDX file '{folder.File("digits-labels-idx1-ubyte")}' holds 2 labels but '{folder.File("digits-images-idx3-ubyte")}' holds 3 images.",
            error.Message);
    }

    [Fact]
    public void A_single_image_cannot_be_split()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("one-images-idx3-ubyte"), IdxTestFiles.Pattern(4), 1, 2, 2);

        var error = Assert.Throws<InvalidDataException>(() => IdxDatasetFolder.Check(folder.Path));

        Assert.Contains("at least 2 are needed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_folder_without_exactly_one_images_file_is_a_layout_error(int imageFiles)
    {
        using var folder = new TemporaryFolder();
        for (var i = 0; i < imageFiles; i++)
        {
            IdxTestFiles.WriteImages(folder.File($"part{i}-images-idx3-ubyte"), IdxTestFiles.Pattern(8), 2, 2, 2);
        }

        var error = Assert.Throws<DatasetLayoutException>(() => IdxDatasetFolder.Locate(folder.Path));

        Assert.Contains($"folder '{folder.Path}' must hold", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"but it holds {imageFiles} image files.", error.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Experiments.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Experiments.sln above {AppContext.BaseDirectory}.");
    }
}
