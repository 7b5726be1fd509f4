using Experiments.Contracts.Models;
using Experiments.Datasets.Idx;
using Experiments.Datasets.Mixtures;
using Experiments.Datasets.Series;
using Experiments.Datasets.Text;
using Experiments.Datasets.Tests.Support;
using Experiments.Testing;

namespace Experiments.Datasets.Tests;

/// <summary>The registration point: built-in names and what a folder opens as.</summary>
public sealed class DataSourcesTests
{
    [Fact]
    public void The_built_in_names_are_mnist_the_two_mixtures_the_corpus_and_three_series_with_their_shapes()
    {
        Assert.Equal(
            [
                ("mnist", (DataShape)new ImageShape(1, 28, 28)), ("ring8", new PointShape(2)), ("grid25", new PointShape(2)), ("genesis", new TextShape(70)),
                ("sunspots", new SeriesShape(1)), ("sines", new SeriesShape(1)), ("autoregressive", new SeriesShape(1)),
            ],
            DataSources.BuiltIn.Select(source => (source.Name, source.Shape)));
        Assert.Equal(DataKind.Points, DataSources.FindBuiltIn("ring8")!.Shape.Kind);
        Assert.Null(DataSources.FindBuiltIn("Ring8"));
    }

    [Fact]
    public void A_built_in_name_opens_its_source_and_anything_else_is_a_folder()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("digits-images-idx3-ubyte"), IdxTestFiles.Pattern(3 * 4), 3, 2, 2);

        Assert.IsType<GaussianMixtureSource>(DataSources.Open("grid25", "/nowhere"));
        Assert.Equal(Path.Combine("/shipped", "mnist"), Assert.IsType<IdxFolderSource>(DataSources.Open("mnist", "/shipped")).Folder);
        var idx = Assert.IsType<IdxFolderSource>(DataSources.Open(folder.Path, "/nowhere"));
        Assert.Equal(new ImageShape(1, 2, 2), idx.Check());
    }

    [Fact]
    public void A_file_opens_as_a_csv_series_by_its_extension_else_as_text_and_a_column_list_follows_a_hash()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("notes.txt"), "x");
        File.WriteAllText(folder.File("series.CSV"), "t,a\n1,2\n");

        Assert.Equal(folder.File("notes.txt"), Assert.IsType<TextFileSource>(DataSources.OpenPath(folder.File("notes.txt"))).File);
        var csv = Assert.IsType<CsvSeriesSource>(DataSources.OpenPath("series.CSV#a, b", folder.Path));
        Assert.Equal(folder.File("series.CSV"), csv.File);
        Assert.Equal(["a", "b"], csv.Columns!);
        Assert.Null(Assert.IsType<CsvSeriesSource>(DataSources.OpenPath(folder.File("series.CSV"))).Columns);
        var error = Assert.Throws<DatasetLayoutException>(() => DataSources.OpenPath(folder.File("notes.txt") + "#a"));
        Assert.Equal($"'{folder.File("notes.txt")}' is not a CSV file, so '#a' names no columns.", error.Message);
    }

    [Fact]
    public void The_shipped_corpus_and_series_have_the_shapes_their_names_declare()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "data");
        foreach (var name in new[] { DataSources.Genesis, DataSources.Sunspots, DataSources.Sines, DataSources.Autoregressive })
        {
            Assert.Equal(DataSources.FindBuiltIn(name)!.Shape, DataSources.Open(name, shipped).Check());
        }
    }

    [Fact]
    public void A_folder_with_neither_idx_images_nor_cifar10_batches_says_what_it_expected()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("README.md"), "no data here");

        var error = Assert.Throws<DatasetLayoutException>(() => DataSources.OpenFolder(folder.Path));

        Assert.Equal(
            $"folder '{folder.Path}' holds no data set: expected IDX images (train-images-idx3-ubyte and t10k-images-idx3-ubyte (optionally .gz) or exactly one *-images-idx3-ubyte[.gz] file) or CIFAR-10 binary batches (data_batch_1.bin to data_batch_5.bin and test_batch.bin).",
            error.Message);
    }

    [Fact]
    public void A_missing_folder_is_a_layout_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-data-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DatasetLayoutException>(() => DataSources.Open(missing, "/nowhere"));

        Assert.Equal($"folder '{missing}' does not exist.", error.Message);
    }
}
