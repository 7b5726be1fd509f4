using System.Text;

namespace Experiments.Datasets.Text;

/// <summary>
/// A UTF-8 text file as a stream of characters: the first <see cref="TrainFraction"/> for training, the rest held out
/// (as nanoGPT and char-rnn split), each character an index into the file's vocabulary (its distinct characters in
/// code-point order, so the same file always gives the same indices).
/// </summary>
public sealed class TextFileSource(string name, string file) : IDataSource
{
    public const double TrainFraction = 0.9;

    /// <summary>Fewer characters than this cannot make a training and a held-out split worth the name.</summary>
    public const int MinimumCharacters = 1_000;

    public string Name { get; } = name;

    public string File { get; } = file;

    public DataShape Check() => new TextShape(Read().Vocabulary.Count);

    public SplitDataset Load()
    {
        var (tokens, vocabulary) = Read();
        var trainCount = (int)(tokens.Length * TrainFraction);
        return new SplitDataset(Name, new TextShape(vocabulary.Count), DataSplit.OfText(tokens[..trainCount]), DataSplit.OfText(tokens[trainCount..]))
        {
            Vocabulary = vocabulary,
        };
    }

    private (int[] Tokens, IReadOnlyList<string> Vocabulary) Read()
    {
        if (!System.IO.File.Exists(File))
        {
            throw new DatasetLayoutException($"text file '{File}' does not exist.");
        }

        var bytes = System.IO.File.ReadAllBytes(File);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException error)
        {
            var offset = error.Index >= 0 ? $" at byte {error.Index}" : string.Empty;
            throw new InvalidDataException($"text file '{File}' is not UTF-8: an invalid byte sequence{offset}.", error);
        }

        // A byte-order mark is not part of the text.
        var runes = text.EnumerateRunes().SkipWhile((rune, index) => index == 0 && rune.Value == 0xFEFF).ToArray();
        if (runes.Length < MinimumCharacters)
        {
            throw new InvalidDataException($"text file '{File}' holds {runes.Length} characters; at least {MinimumCharacters} are needed for a training and a held-out split.");
        }

        var vocabulary = runes.Distinct().Order().ToArray();
        var index = new Dictionary<Rune, int>(vocabulary.Length);
        for (var i = 0; i < vocabulary.Length; i++)
        {
            index[vocabulary[i]] = i;
        }

        return (runes.Select(rune => index[rune]).ToArray(), vocabulary.Select(rune => rune.ToString()).ToArray());
    }
}
