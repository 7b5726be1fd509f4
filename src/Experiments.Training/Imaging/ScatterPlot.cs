using Experiments.Datasets.Mixtures;

namespace Experiments.Training.Imaging;

/// <summary>
/// Draws 2-D samples over the modes of the mixture they should come from, as RGB pixels: white ground, grey axes
/// through the origin, a pale red disc of three standard deviations around each mode (where a sample counts as high
/// quality) and each sample as a dark blue dot. Samples outside the view are drawn on its border, so a generator
/// that wandered off still shows.
/// </summary>
internal static class ScatterPlot
{
    public const int Side = 400;

    private static readonly (byte R, byte G, byte B) Ground = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) Axis = (215, 215, 215);
    private static readonly (byte R, byte G, byte B) Mode = (250, 175, 175);
    private static readonly (byte R, byte G, byte B) Sample = (20, 40, 140);

    /// <param name="samples">Row-major points of <see cref="GaussianMixture.Dimension"/> coordinates; the first two are drawn.</param>
    public static byte[] Draw(GaussianMixture mixture, ReadOnlySpan<float> samples)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        var pixels = new byte[Side * Side * 3];
        Fill(pixels, 0, 0, Side - 1, Side - 1, Ground);

        // The modes' bounding square, half as wide again on each side, plus room for their spread.
        var minX = mixture.Means.Min(m => m[0]);
        var maxX = mixture.Means.Max(m => m[0]);
        var minY = mixture.Means.Min(m => m[1]);
        var maxY = mixture.Means.Max(m => m[1]);
        var half = (Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-6) * 0.75) + (6 * mixture.StandardDeviation);
        var (centreX, centreY) = ((minX + maxX) / 2, (minY + maxY) / 2);
        var scale = (Side - 1) / (2 * half);
        int Column(double x) => (int)Math.Clamp(Math.Round((x - centreX + half) * scale), 0, Side - 1);
        int Row(double y) => (int)Math.Clamp(Math.Round((centreY + half - y) * scale), 0, Side - 1);

        Fill(pixels, Column(0), 0, Column(0), Side - 1, Axis);
        Fill(pixels, 0, Row(0), Side - 1, Row(0), Axis);

        var radius = Math.Max(2, 3 * mixture.StandardDeviation * scale);
        foreach (var mean in mixture.Means)
        {
            Disc(pixels, Column(mean[0]), Row(mean[1]), radius, Mode);
        }

        var dimension = mixture.Dimension;
        for (var i = 0; i + dimension <= samples.Length; i += dimension)
        {
            var (column, row) = (Column(samples[i]), Row(samples[i + 1]));
            Fill(pixels, column, row, Math.Min(column + 1, Side - 1), Math.Min(row + 1, Side - 1), Sample);
        }

        return pixels;
    }

    private static void Fill(byte[] pixels, int left, int top, int right, int bottom, (byte R, byte G, byte B) colour)
    {
        for (var row = top; row <= bottom; row++)
        {
            for (var column = left; column <= right; column++)
            {
                Set(pixels, column, row, colour);
            }
        }
    }

    private static void Disc(byte[] pixels, int centreColumn, int centreRow, double radius, (byte R, byte G, byte B) colour)
    {
        var reach = (int)Math.Ceiling(radius);
        for (var row = centreRow - reach; row <= centreRow + reach; row++)
        {
            for (var column = centreColumn - reach; column <= centreColumn + reach; column++)
            {
                var inside = ((row - centreRow) * (row - centreRow)) + ((column - centreColumn) * (column - centreColumn)) <= radius * radius;
                if (inside && row is >= 0 and < Side && column is >= 0 and < Side)
                {
                    Set(pixels, column, row, colour);
                }
            }
        }
    }

    private static void Set(byte[] pixels, int column, int row, (byte R, byte G, byte B) colour)
    {
        var offset = ((row * Side) + column) * 3;
        (pixels[offset], pixels[offset + 1], pixels[offset + 2]) = colour;
    }
}
