using Experiments.Testing;
using Experiments.Datasets;
using Experiments.Datasets.Idx;
using Experiments.Datasets.Tests.Support;
using Experiments.Training.Datasets;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

public sealed class DatasetTests
{
    private static readonly string ShippedFolder = Path.Combine(AppContext.BaseDirectory, "data", "mnist");

    [Fact]
    public void Shipped_mnist_has_10000_labelled_28x28_digits_with_plausible_pixels()
    {
        var images = IdxReader.ReadImages(Path.Combine(ShippedFolder, "mnist-10k-images-idx3-ubyte.gz"));
        var labels = IdxReader.ReadLabels(Path.Combine(ShippedFolder, "mnist-10k-labels-idx1-ubyte.gz"));

        Assert.Equal((10_000, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Equal(10_000, labels.Length);
        var perClass = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, 10).Select(d => (byte)d), perClass.Keys.Order());
        Assert.All(perClass.Values, count => Assert.InRange(count, 800, 1200));

        // MNIST: mostly black background, about 19% of pixels lit, mean intensity about 0.13.
        var mean = images.Pixels.Average(p => p / 255.0);
        var lit = images.Pixels.Count(p => p > 0) / (double)images.Pixels.Length;
        Assert.InRange(mean, 0.10, 0.16);
        Assert.InRange(lit, 0.15, 0.25);
        Assert.Equal(255, images.Pixels.Max());
        Assert.Equal(0, images.Pixels.Min());
        // Digits are centred: the outer 4-pixel frame is nearly dark, the central 12x12 block is bright.
        double frame = 0, centre = 0;
        for (var i = 0; i < images.Pixels.Length; i++)
        {
            int y = i % 784 / 28, x = i % 28;
            if (y < 4 || y >= 24 || x < 4 || x >= 24)
            {
                frame += images.Pixels[i];
            }
            else if (y is >= 8 and < 20 && x is >= 8 and < 20)
            {
                centre += images.Pixels[i];
            }
        }

        Assert.True(frame / (10_000 * 384.0) < 0.1 * (centre / (10_000 * 144.0)), "digits should be centred");
        Assert.True(File.Exists(Path.Combine(ShippedFolder, "LICENSE")));
    }

    [Fact]
    public void Builtin_mnist_resolves_to_a_deterministic_90_10_split_in_unit_range()
    {
        var resolver = new DatasetResolver();

        using var first = resolver.Load("mnist");
        using var second = resolver.Load("mnist");

        Assert.Equal(9_000, first.TrainCount);
        Assert.Equal(1_000, first.HeldOutCount);
        Assert.Equal([9_000L, 1L, 28L, 28L], first.Train.shape);
        Assert.Equal(first.HeldOutLabels, second.HeldOutLabels);
        Assert.True(first.HeldOut.eq(second.HeldOut).all().item<bool>());
        Assert.InRange(first.Train.min().item<float>(), 0f, 0f);
        Assert.InRange(first.Train.max().item<float>(), 1f, 1f);
        Assert.InRange(first.HeldOut.mean().item<float>(), 0.10f, 0.16f);
        Assert.Equal(10, first.HeldOutLabels!.Distinct().Count());
    }

    [Fact]
    public void Folder_with_standard_train_and_t10k_files_uses_them_as_the_split()
    {
        using var folder = new TemporaryFolder();
        IdxTestFiles.WriteImages(folder.File("train-images-idx3-ubyte.gz"), IdxTestFiles.Pattern(6 * 784), 6, 28, 28);
        IdxTestFiles.WriteLabels(folder.File("train-labels-idx1-ubyte.gz"), [0, 1, 2, 3, 4, 5]);
        IdxTestFiles.WriteImages(folder.File("t10k-images-idx3-ubyte"), IdxTestFiles.Pattern(2 * 784), 2, 28, 28);

        using var data = new DatasetResolver().Load(folder.Path);

        Assert.Equal(6, data.TrainCount);
        Assert.Equal(2, data.HeldOutCount);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, data.TrainLabels);
        Assert.Null(data.HeldOutLabels);
        Assert.Equal(37f / 255f, data.Train[0, 0, 0, 1].item<float>(), precision: 6);
    }

    [Fact]
    public void Every_byte_value_becomes_exactly_that_value_over_255()
    {
        var pixels = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var split = DataSplit.OfImages(pixels, 1, null);

        using var data = new TrainingData(new SplitDataset("all-bytes", new ImageShape(1, 16, 16), split, split));

        Assert.Equal([1L, 1L, 16L, 16L], data.Train.shape);
        Assert.Equal(pixels.Select(p => p / 255f), data.Train.data<float>().ToArray());
    }

    [Fact]
    public void Missing_folder_is_a_parameter_error_naming_the_dataset()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dataset-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<TrainingParameterException>(() => new DatasetResolver().Load(missing));

        Assert.Equal("dataset", error.ParameterName);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
