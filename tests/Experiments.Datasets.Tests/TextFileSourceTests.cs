using System.Text;
using Experiments.Datasets.Text;
using Experiments.Testing;

namespace Experiments.Datasets.Tests;

/// <summary>A UTF-8 text file as characters: vocabulary, split, and the errors for what is not usable text.</summary>
public sealed class TextFileSourceTests
{
    [Fact]
    public void Characters_become_indices_into_the_sorted_vocabulary_and_the_last_tenth_is_held_out()
    {
        using var folder = new TemporaryFolder();
        var text = string.Concat(Enumerable.Repeat("ba\u00e9\U0001F600\n", 200)); // 1,000 characters, one outside the BMP
        File.WriteAllText(folder.File("t.txt"), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var data = new TextFileSource("t", folder.File("t.txt")).Load();

        Assert.Equal(["\n", "a", "b", "\u00e9", "\U0001F600"], data.Vocabulary);
        Assert.Equal(new TextShape(5), data.Shape);
        Assert.Equal(900, data.Train.Count);
        Assert.Equal(100, data.HeldOut.Count);
        Assert.Equal([2, 1, 3, 4, 0, 2], data.Train.Tokens![..6]); // no byte-order mark
        Assert.Equal([2, 1, 3, 4, 0], data.HeldOut.Tokens![..5]);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_named_by_file_and_offset()
    {
        using var folder = new TemporaryFolder();
        var bytes = Encoding.ASCII.GetBytes(new string('x', 2000));
        bytes[1234] = 0xFF;
        File.WriteAllBytes(folder.File("latin.txt"), bytes);

        var error = Assert.Throws<InvalidDataException>(() => new TextFileSource("x", folder.File("latin.txt")).Check());

        Assert.Equal($"text file '{folder.File("latin.txt")}' is not UTF-8: an invalid byte sequence at byte 1234.", error.Message);
    }

    [Fact]
    public void A_text_too_short_to_split_is_refused()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("short.txt"), "Hello");

        var error = Assert.Throws<InvalidDataException>(() => new TextFileSource("x", folder.File("short.txt")).Check());

        Assert.Equal($"text file '{folder.File("short.txt")}' holds 5 characters; at least 1000 are needed for a training and a held-out split.", error.Message);
    }

    [Fact]
    public void The_shipped_genesis_is_its_readme_s_size()
    {
        var data = DataSources.Open(DataSources.Genesis, Path.Combine(AppContext.BaseDirectory, "data")).Load();

        Assert.Equal(197_408, data.Train.Count + data.HeldOut.Count);
        Assert.Equal(70, data.Vocabulary!.Count);
        Assert.Equal("Genesis 1\n", string.Concat(data.Train.Tokens![..10].Select(token => data.Vocabulary[token])));
    }
}
