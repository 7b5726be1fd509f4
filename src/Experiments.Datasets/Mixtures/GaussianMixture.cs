namespace Experiments.Datasets.Mixtures;

/// <summary>
/// A mixture of equally weighted spherical Gaussians with one standard deviation: the true distribution of a
/// mode-collapse data set, against which generated samples are scored (modes captured, high-quality samples).
/// </summary>
/// <param name="Means">The modes' centres, each with the same number of coordinates.</param>
public sealed record GaussianMixture(IReadOnlyList<double[]> Means, double StandardDeviation)
{
    public int Modes => Means.Count;

    public int Dimension => Means[0].Length;

    /// <summary><paramref name="modes"/> modes evenly spaced on a circle of <paramref name="radius"/> around the origin, the first at (radius, 0).</summary>
    public static GaussianMixture Ring(int modes, double radius, double standardDeviation) => new(
        [.. Enumerable.Range(0, modes).Select(i => new[] { radius * Math.Cos(2 * Math.PI * i / modes), radius * Math.Sin(2 * Math.PI * i / modes) })],
        standardDeviation);

    /// <summary>A <paramref name="side"/> x <paramref name="side"/> grid of modes <paramref name="spacing"/> apart, centred on the origin.</summary>
    public static GaussianMixture Grid(int side, double spacing, double standardDeviation)
    {
        var offset = (side - 1) * spacing / 2;
        return new GaussianMixture(
            [.. Enumerable.Range(0, side * side).Select(i => new[] { (i / side * spacing) - offset, (i % side * spacing) - offset })],
            standardDeviation);
    }

    /// <summary>
    /// <paramref name="count"/> points, each from a mode drawn uniformly (its index is the label), row-major
    /// coordinates; deterministic for a given <paramref name="random"/> state.
    /// </summary>
    public (float[] Coordinates, byte[] Labels) Sample(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Modes > byte.MaxValue + 1)
        {
            throw new InvalidOperationException($"A mixture of {Modes} modes cannot label its points with bytes.");
        }

        var coordinates = new float[count * Dimension];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var mode = random.Next(Modes);
            labels[i] = (byte)mode;
            for (var d = 0; d < Dimension; d++)
            {
                coordinates[(i * Dimension) + d] = (float)(Means[mode][d] + (StandardDeviation * StandardNormal(random)));
            }
        }

        return (coordinates, labels);
    }

    // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
