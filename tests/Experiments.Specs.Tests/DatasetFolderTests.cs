namespace Experiments.Specs.Tests;

/// <summary>
/// A data set folder is checked when the spec is parsed (headers, lengths, layout), with real MNIST files
/// cut or garbled, so a broken data set is reported at the dataset field before any trial runs.
/// </summary>
public sealed class DatasetFolderTests : IDisposable
{
    private readonly DirectoryInfo workspace = Directory.CreateTempSubdirectory("spec-dataset-tests-");

    private string DataFolder => Path.Combine(workspace.FullName, "data");

    public DatasetFolderTests() => Directory.CreateDirectory(DataFolder);

    [Fact]
    public void A_copy_of_the_shipped_mnist_files_is_valid()
    {
        ShippedMnist.CopyTo(DataFolder);

        var result = ParseSpecUsingDataFolder();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(DataFolder, result.Spec!.Dataset);
    }

    [Fact]
    public void A_truncated_images_file_is_reported_at_the_dataset_field_with_its_path()
    {
        var train = Path.Combine(DataFolder, "train-images-idx3-ubyte");
        File.WriteAllBytes(train, ShippedMnist.DecompressedImages()[..(16 + 20)]);
        File.WriteAllBytes(Path.Combine(DataFolder, "t10k-images-idx3-ubyte"), ShippedMnist.DecompressedImages());

        var error = Assert.Single(ParseSpecUsingDataFolder().Errors);

        Assert.Equal(
            $"{SpecPath}:3:10: dataset: IDX file '{train}' is truncated: its header declares {ShippedMnist.ImageDataBytes} data bytes but only 20 follow",
            error.ToString());
    }

    [Fact]
    public void A_garbled_header_is_reported_with_the_file_and_the_magic_number()
    {
        var images = ShippedMnist.DecompressedImages();
        "garbage, not IDX"u8.CopyTo(images);
        var path = Path.Combine(DataFolder, "digits-images-idx3-ubyte");
        File.WriteAllBytes(path, images);

        var error = Assert.Single(ParseSpecUsingDataFolder().Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.Equal($"IDX file '{path}' has magic number 0x67617262, expected 0x00000803 for idx3-ubyte images", error.Message);
    }

    [Fact]
    public void A_cut_off_gzip_file_is_reported_with_its_path()
    {
        var compressed = File.ReadAllBytes(Path.Combine(ShippedMnist.Folder, ShippedMnist.Images));
        var path = Path.Combine(DataFolder, ShippedMnist.Images);
        File.WriteAllBytes(path, compressed[..(compressed.Length / 2)]);

        var error = Assert.Single(ParseSpecUsingDataFolder().Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.StartsWith($"IDX file '{path}' is ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_that_do_not_match_the_images_are_reported()
    {
        var images = Path.Combine(DataFolder, "digits-images-idx3-ubyte");
        File.WriteAllBytes(images, ShippedMnist.DecompressedImages());
        File.WriteAllBytes(Path.Combine(DataFolder, "digits-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 2, 7, 3]);

        var error = Assert.Single(ParseSpecUsingDataFolder().Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.EndsWith($"holds 2 labels but '{images}' holds 10000 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_idx_files_is_reported()
    {
        File.WriteAllText(Path.Combine(DataFolder, "README.md"), "no data here");

        var error = Assert.Single(ParseSpecUsingDataFolder().Errors);

        Assert.Equal((3, 10, "dataset"), (error.Line, error.Column, error.Field));
        Assert.StartsWith($"folder '{DataFolder}' holds no data set: expected IDX images (train-images-idx3-ubyte and t10k-images-idx3-ubyte", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("or CIFAR-10 binary batches (data_batch_1.bin to data_batch_5.bin and test_batch.bin)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_name_does_not_depend_on_files()
    {
        var result = SpecParsing.Parse(SpecText.Valid, "spec.yaml", "/nowhere");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("mnist", result.Spec!.Dataset);
    }

    public void Dispose() => workspace.Delete(recursive: true);

    private string SpecPath => Path.Combine(workspace.FullName, "spec.yaml");

    private SpecParseResult ParseSpecUsingDataFolder()
    {
        File.WriteAllText(SpecPath, SpecText.With("dataset: mnist", "dataset: data"));
        return SpecParsing.ParseFile(SpecPath);
    }
}
