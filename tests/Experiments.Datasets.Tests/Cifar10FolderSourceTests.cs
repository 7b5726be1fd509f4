using Experiments.Datasets.Cifar10;
using Experiments.Datasets.Tests.Support;
using Experiments.Testing;

namespace Experiments.Datasets.Tests;

/// <summary>A folder of CIFAR-10 binary batches, written by the test in the real format, checked and loaded; damaged ones named.</summary>
public sealed class Cifar10FolderSourceTests
{
    [Fact]
    public void A_folder_of_batches_opens_as_cifar10_and_checks_as_3x32x32_images()
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path);

        var source = DataSources.OpenFolder(folder.Path);

        Assert.IsType<Cifar10FolderSource>(source);
        Assert.Equal(new ImageShape(3, 32, 32), source.Check());
    }

    [Fact]
    public void Training_batches_are_concatenated_in_order_and_the_test_batch_is_held_out()
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path, perBatch: 3, test: 2);

        var data = DataSources.OpenFolder(folder.Path, "cifar").Load();

        Assert.Equal(("cifar", new ImageShape(3, 32, 32)), (data.Name, data.Shape));
        Assert.Equal(15, data.Train.Count);
        Assert.Equal(2, data.HeldOut.Count);
        Assert.Equal(new byte[] { 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7 }, data.Train.Labels);
        Assert.Equal(new byte[] { 0, 1 }, data.HeldOut.Labels);

        // Record 2 of data_batch_1 is training example 2: red plane 2, green 102, blue 202, labels not among the pixels.
        var example = data.Train.Pixels!.AsSpan(2 * 3072, 3072);
        Assert.Equal((2, 102, 202), (example[0], example[1024], example[2048]));
        Assert.Equal(2, example[1023]);
        Assert.Equal(202, example[3071]);
        Assert.Equal(15 * 3072, data.Train.Pixels!.Length);
    }

    [Fact]
    public void A_truncated_batch_is_named_with_its_size()
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path);
        var third = folder.File("data_batch_3.bin");
        File.WriteAllBytes(third, File.ReadAllBytes(third)[..(Cifar10TestFiles.RecordBytes + 100)]);

        var error = Assert.Throws<InvalidDataException>(() => DataSources.OpenFolder(folder.Path).Check());

        Assert.Equal(
            $"CIFAR-10 file '{third}' holds 3173 bytes, not a whole number of 3073-byte records (a label byte and 3x32x32 pixel bytes): it is truncated or not a CIFAR-10 binary batch.",
            error.Message);
        Assert.Throws<InvalidDataException>(() => DataSources.OpenFolder(folder.Path).Load());
    }

    [Fact]
    public void An_empty_batch_is_rejected()
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path);
        File.WriteAllBytes(folder.File("test_batch.bin"), []);

        var error = Assert.Throws<InvalidDataException>(() => DataSources.OpenFolder(folder.Path).Check());

        Assert.Contains("test_batch.bin' holds 0 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_0_to_9_is_named_with_its_record()
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path);
        var test = folder.File("test_batch.bin");
        var content = File.ReadAllBytes(test);
        content[Cifar10TestFiles.RecordBytes] = 200; // the label of record 2
        File.WriteAllBytes(test, content);

        var check = Assert.Throws<InvalidDataException>(() => DataSources.OpenFolder(folder.Path).Check());
        var load = Assert.Throws<InvalidDataException>(() => DataSources.OpenFolder(folder.Path).Load());

        Assert.Equal($"CIFAR-10 file '{test}' has label 200 in record 2; labels are 0 to 9: it is damaged or not a CIFAR-10 binary batch.", check.Message);
        Assert.Equal(check.Message, load.Message);
    }

    [Fact]
    public void Missing_batches_are_listed()
    {
        using var folder = new TemporaryFolder();
        Cifar10TestFiles.WriteFolder(folder.Path);
        File.Delete(folder.File("data_batch_4.bin"));
        File.Delete(folder.File("test_batch.bin"));

        var error = Assert.Throws<DatasetLayoutException>(() => DataSources.OpenFolder(folder.Path).Check());

        Assert.Equal(
            $"folder '{folder.Path}' holds CIFAR-10 binary batches but not data_batch_4.bin, test_batch.bin; it needs data_batch_1.bin to data_batch_5.bin and test_batch.bin (the CIFAR-10 binary version).",
            error.Message);
    }
}
