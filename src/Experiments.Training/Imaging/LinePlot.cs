namespace Experiments.Training.Imaging;

/// <summary>
/// Draws lines over a shared index axis as RGB pixels on a white ground: value i of every line at the same column, one
/// vertical scale for all (their finite range, with a little room), each line a polyline in its colour, later lines on
/// top. A non-finite value leaves a gap, so a diverged forecast still leaves the other lines readable.
/// </summary>
internal static class LinePlot
{
    public const int Width = 800;
    public const int Height = 300;
    private const int Margin = 8;

    private static readonly (byte R, byte G, byte B) Ground = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) Frame = (225, 225, 225);

    public static byte[] Draw(params (IReadOnlyList<float> Values, (byte R, byte G, byte B) Colour)[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var pixels = new byte[Width * Height * 3];
        for (var offset = 0; offset < pixels.Length; offset += 3)
        {
            (pixels[offset], pixels[offset + 1], pixels[offset + 2]) = Ground;
        }

        DrawFrame(pixels);
        var finite = lines.SelectMany(line => line.Values).Where(float.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return pixels;
        }

        var (low, high) = (finite.Min(), finite.Max());
        var room = Math.Max((high - low) * 0.05, 1e-6);
        var (bottom, top) = (low - room, high + room);
        var points = Math.Max(2, lines.Max(line => line.Values.Count));
        double Column(int index) => Margin + (index * (Width - (2.0 * Margin) - 1) / (points - 1));
        double Row(float value) => Margin + ((top - value) * (Height - (2.0 * Margin) - 1) / (top - bottom));

        foreach (var (values, colour) in lines)
        {
            for (var i = 0; i + 1 < values.Count; i++)
            {
                if (float.IsFinite(values[i]) && float.IsFinite(values[i + 1]))
                {
                    Segment(pixels, Column(i), Row(values[i]), Column(i + 1), Row(values[i + 1]), colour);
                }
            }

            if (values.Count == 1 && float.IsFinite(values[0]))
            {
                Set(pixels, (int)Math.Round(Column(0)), (int)Math.Round(Row(values[0])), colour);
            }
        }

        return pixels;
    }

    private static void DrawFrame(byte[] pixels)
    {
        for (var column = Margin - 1; column <= Width - Margin; column++)
        {
            Set(pixels, column, Margin - 1, Frame);
            Set(pixels, column, Height - Margin, Frame);
        }

        for (var row = Margin - 1; row <= Height - Margin; row++)
        {
            Set(pixels, Margin - 1, row, Frame);
            Set(pixels, Width - Margin, row, Frame);
        }
    }

    /// <summary>A straight segment, one pixel per step along its longer extent.</summary>
    private static void Segment(byte[] pixels, double x0, double y0, double x1, double y1, (byte R, byte G, byte B) colour)
    {
        var steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)));
        for (var step = 0; step <= steps; step++)
        {
            var t = steps == 0 ? 0 : (double)step / steps;
            Set(pixels, (int)Math.Round(x0 + ((x1 - x0) * t)), (int)Math.Round(y0 + ((y1 - y0) * t)), colour);
        }
    }

    private static void Set(byte[] pixels, int column, int row, (byte R, byte G, byte B) colour)
    {
        if (column is < 0 or >= Width || row is < 0 or >= Height)
        {
            return;
        }

        var offset = ((row * Width) + column) * 3;
        (pixels[offset], pixels[offset + 1], pixels[offset + 2]) = colour;
    }
}
