namespace Experiments.Training.Imaging;

/// <summary>
/// Draws the anomaly scores of normal (blue) and anomalous (red) examples as two histograms over the same bins,
/// overlaid (purple where they overlap), as RGB pixels on a white ground with a grey base line. Each group's bars are
/// the share of its own examples in the bin, so a small anomalous group is as visible as the normal one. The bins span
/// the lowest score to the 99th percentile of all scores; the few above it are counted in the last bin, so one outlier
/// does not squeeze every other bar into a corner.
/// </summary>
internal static class ScoreHistogram
{
    public const int Width = 480;
    public const int Height = 270;
    public const int Bins = 48;

    private const int Margin = 10;
    private const double RangeQuantile = 0.99;

    private static readonly (byte R, byte G, byte B) Ground = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) BaseLine = (150, 150, 150);
    private static readonly (byte R, byte G, byte B) Normal = (70, 110, 220);
    private static readonly (byte R, byte G, byte B) Anomalous = (225, 60, 60);
    private static readonly (byte R, byte G, byte B) Both = (140, 70, 160);

    /// <summary>The histogram as a PNG of <see cref="Width"/> x <see cref="Height"/> RGB pixels.</summary>
    public static byte[] Png(IReadOnlyList<double> normalScores, IReadOnlyList<double> anomalousScores) =>
        PngEncoder.EncodeRgb8(Draw(normalScores, anomalousScores), Width, Height);

    /// <summary>Row-major RGB pixels, <see cref="Width"/> x <see cref="Height"/>.</summary>
    public static byte[] Draw(IReadOnlyList<double> normalScores, IReadOnlyList<double> anomalousScores)
    {
        ArgumentNullException.ThrowIfNull(normalScores);
        ArgumentNullException.ThrowIfNull(anomalousScores);
        var pixels = new byte[Width * Height * 3];
        Fill(pixels, 0, 0, Width - 1, Height - 1, Ground);
        var baseRow = Height - Margin;
        Fill(pixels, Margin, baseRow, Width - Margin - 1, baseRow, BaseLine);

        var all = normalScores.Concat(anomalousScores).Where(double.IsFinite).Order().ToArray();
        if (all.Length == 0)
        {
            return pixels;
        }

        var low = all[0];
        var high = all[(int)Math.Floor(RangeQuantile * (all.Length - 1))];
        if (high <= low)
        {
            high = low + 1;
        }

        var normalShares = Shares(normalScores, low, high);
        var anomalousShares = Shares(anomalousScores, low, high);
        var tallest = Math.Max(normalShares.Max(), anomalousShares.Max());
        var plotHeight = baseRow - Margin;
        var binWidth = (Width - (2 * Margin)) / Bins;
        for (var bin = 0; bin < Bins; bin++)
        {
            var left = Margin + (bin * binWidth);
            var right = left + binWidth - 2; // a pixel of ground between bars
            var normalTop = baseRow - (int)Math.Round(plotHeight * normalShares[bin] / tallest);
            var anomalousTop = baseRow - (int)Math.Round(plotHeight * anomalousShares[bin] / tallest);
            Fill(pixels, left, normalTop, right, baseRow - 1, Normal);
            Fill(pixels, left, anomalousTop, right, baseRow - 1, Anomalous);
            Fill(pixels, left, Math.Max(normalTop, anomalousTop), right, baseRow - 1, Both);
        }

        return pixels;
    }

    /// <summary>The share of <paramref name="scores"/> in each bin of [low, high]; those outside go to the nearest end bin.</summary>
    private static double[] Shares(IReadOnlyList<double> scores, double low, double high)
    {
        var shares = new double[Bins];
        var finite = scores.Where(double.IsFinite).ToArray();
        foreach (var score in finite)
        {
            var bin = (int)Math.Clamp(Math.Floor((score - low) / (high - low) * Bins), 0, Bins - 1);
            shares[bin] += 1.0 / finite.Length;
        }

        return shares;
    }

    private static void Fill(byte[] pixels, int left, int top, int right, int bottom, (byte R, byte G, byte B) colour)
    {
        for (var row = top; row <= bottom; row++)
        {
            for (var column = left; column <= right; column++)
            {
                var offset = ((row * Width) + column) * 3;
                (pixels[offset], pixels[offset + 1], pixels[offset + 2]) = colour;
            }
        }
    }
}
