namespace Experiments.Datasets;

/// <summary>
/// One split of a data set, examples one after another: images as bytes 0 to 255 (<see cref="Pixels"/>, channels x
/// height x width each, row-major), points as coordinates and a time series as its values, one row of channels per
/// time step (<see cref="Coordinates"/>), text as character indices into the data set's vocabulary
/// (<see cref="Tokens"/>); and a class label per example when the source has labels.
/// </summary>
public sealed class DataSplit
{
    private DataSplit(int count, byte[]? pixels, float[]? coordinates, byte[]? labels, int[]? tokens = null)
    {
        if (labels is not null && labels.Length != count)
        {
            throw new ArgumentException($"{labels.Length} labels for {count} examples.", nameof(labels));
        }

        Count = count;
        Pixels = pixels;
        Coordinates = coordinates;
        Labels = labels;
        Tokens = tokens;
    }

    public int Count { get; }

    public byte[]? Pixels { get; }

    public float[]? Coordinates { get; }

    public byte[]? Labels { get; }

    public int[]? Tokens { get; }

    public static DataSplit OfImages(byte[] pixels, int count, byte[]? labels) =>
        new(count, pixels ?? throw new ArgumentNullException(nameof(pixels)), null, labels);

    public static DataSplit OfPoints(float[] coordinates, int count, byte[]? labels) =>
        new(count, null, coordinates ?? throw new ArgumentNullException(nameof(coordinates)), labels);

    /// <summary>A time series of <paramref name="steps"/> time steps, its channels' values row by row.</summary>
    public static DataSplit OfSeries(float[] values, int steps) =>
        new(steps, null, values ?? throw new ArgumentNullException(nameof(values)), null);

    /// <summary>Text as indices into the data set's vocabulary, one per character.</summary>
    public static DataSplit OfText(int[] tokens) =>
        new((tokens ?? throw new ArgumentNullException(nameof(tokens))).Length, null, null, null, tokens);
}
