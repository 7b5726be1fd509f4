using Experiments.Datasets.Series;

namespace Experiments.Datasets.Tests;

/// <summary>The seeded synthetic series: the same on every load, and with the statistics their descriptions promise.</summary>
public sealed class GeneratedSeriesTests
{
    [Fact]
    public void Each_load_gives_the_same_values()
    {
        var first = DataSources.Open(DataSources.Sines, "/nowhere").Load();
        var second = DataSources.Open(DataSources.Sines, "/nowhere").Load();

        Assert.Equal(first.Train.Coordinates, second.Train.Coordinates);
        Assert.Equal((8_000, 2_000), (first.Train.Count, first.HeldOut.Count));
    }

    [Fact]
    public void The_autoregressive_series_best_forecast_errs_by_the_noise_and_the_last_value_by_about_three_times_that()
    {
        var x = GeneratedSeries.Autoregressive(seed: 1);

        double best = 0, naive = 0;
        for (var t = 2; t < x.Length; t++)
        {
            best += Math.Pow(x[t] - ((1.6 * x[t - 1]) - (0.8 * x[t - 2])), 2);
            naive += Math.Pow(x[t] - x[t - 1], 2);
        }

        best /= x.Length - 2;
        naive /= x.Length - 2;
        Assert.InRange(best, 0.9, 1.1);
        Assert.InRange(naive, 2.5, 3.4);
    }
}
