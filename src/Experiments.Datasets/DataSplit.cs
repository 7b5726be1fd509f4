namespace Experiments.Datasets;

/// <summary>
/// One split of a data set, examples one after another: images as bytes 0 to 255 (<see cref="Pixels"/>, channels x
/// height x width each, row-major), points as coordinates (<see cref="Coordinates"/>); and a class label per example
/// when the source has labels.
/// </summary>
public sealed class DataSplit
{
    private DataSplit(int count, byte[]? pixels, float[]? coordinates, byte[]? labels)
    {
        if (labels is not null && labels.Length != count)
        {
            throw new ArgumentException($"{labels.Length} labels for {count} examples.", nameof(labels));
        }

        Count = count;
        Pixels = pixels;
        Coordinates = coordinates;
        Labels = labels;
    }

    public int Count { get; }

    public byte[]? Pixels { get; }

    public float[]? Coordinates { get; }

    public byte[]? Labels { get; }

    public static DataSplit OfImages(byte[] pixels, int count, byte[]? labels) =>
        new(count, pixels ?? throw new ArgumentNullException(nameof(pixels)), null, labels);

    public static DataSplit OfPoints(float[] coordinates, int count, byte[]? labels) =>
        new(count, null, coordinates ?? throw new ArgumentNullException(nameof(coordinates)), labels);
}
