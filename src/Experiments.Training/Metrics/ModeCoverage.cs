using Experiments.Datasets.Mixtures;

namespace Experiments.Training.Metrics;

/// <summary>
/// The mode-collapse metrics of VEEGAN (Srivastava et al. 2017) as PacGAN's code computes them: a sample is of high
/// quality when it lies within three standard deviations of its nearest mode; a mode is captured when it is the
/// nearest mode of at least one high-quality sample. The protocol scores 2,500 samples.
/// </summary>
internal static class ModeCoverage
{
    public const int ProtocolSamples = 2_500;
    public const double HighQualityStandardDeviations = 3;

    /// <param name="samples">Row-major points of <see cref="GaussianMixture.Dimension"/> coordinates.</param>
    public static (int ModesCaptured, double HighQualityFraction) Of(GaussianMixture mixture, ReadOnlySpan<float> samples)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        var dimension = mixture.Dimension;
        if (samples.Length == 0 || samples.Length % dimension != 0)
        {
            throw new ArgumentException($"{samples.Length} coordinates are not a whole, positive number of {dimension}-D points.", nameof(samples));
        }

        // All modes share one standard deviation, so the nearest in standard deviations is the nearest in distance.
        var limit = HighQualityStandardDeviations * mixture.StandardDeviation;
        var captured = new bool[mixture.Modes];
        var highQuality = 0;
        var count = samples.Length / dimension;
        for (var i = 0; i < count; i++)
        {
            var point = samples.Slice(i * dimension, dimension);
            var (nearest, distance) = (-1, double.PositiveInfinity);
            for (var mode = 0; mode < mixture.Modes; mode++)
            {
                var squared = 0.0;
                for (var d = 0; d < dimension; d++)
                {
                    var difference = point[d] - mixture.Means[mode][d];
                    squared += difference * difference;
                }

                if (squared < distance)
                {
                    (nearest, distance) = (mode, squared);
                }
            }

            // NaN coordinates compare false everywhere: such a sample has no nearest mode and is not of high quality.
            if (nearest >= 0 && Math.Sqrt(distance) < limit)
            {
                highQuality++;
                captured[nearest] = true;
            }
        }

        return (captured.Count(c => c), (double)highQuality / count);
    }
}
