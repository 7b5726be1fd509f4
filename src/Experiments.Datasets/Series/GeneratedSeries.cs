namespace Experiments.Datasets.Series;

/// <summary>
/// Seeded synthetic series, so a forecaster can be tried without data: the same values on every load (the source's
/// own seed, not the trial's). Both have a known best forecast, so the naive forecast's error is beatable by a margin.
/// </summary>
public static class GeneratedSeries
{
    public const int Steps = 10_000;

    /// <summary>Three sines of incommensurate periods (24, 61 and 157 steps) plus Gaussian noise of standard deviation 0.1.</summary>
    public static float[] Sines(int seed)
    {
        var random = new Random(seed);
        var values = new float[Steps];
        for (var t = 0; t < Steps; t++)
        {
            var signal = Math.Sin(2 * Math.PI * t / 24) + (0.6 * Math.Sin((2 * Math.PI * t / 61) + 1)) + (0.3 * Math.Sin((2 * Math.PI * t / 157) + 2));
            values[t] = (float)(signal + (0.1 * Normal(random)));
        }

        return values;
    }

    /// <summary>
    /// The stationary AR(2) process x_t = 1.6 x_(t-1) - 0.8 x_(t-2) + e_t, e_t ~ N(0, 1): quasi-periodic (period about 16
    /// steps). Its best one-step forecast errs by exactly the noise (MSE 1), the last-value forecast by about 2.94.
    /// </summary>
    public static float[] Autoregressive(int seed)
    {
        var random = new Random(seed);
        var values = new float[Steps];
        double previous = 0, beforePrevious = 0;

        // A burn-in so the series starts in its stationary distribution.
        for (var t = -200; t < Steps; t++)
        {
            var next = (1.6 * previous) - (0.8 * beforePrevious) + Normal(random);
            (beforePrevious, previous) = (previous, next);
            if (t >= 0)
            {
                values[t] = (float)next;
            }
        }

        return values;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
