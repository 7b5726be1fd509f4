using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

public sealed class RandomSamplerTests
{
    private const int Draws = 5_000;

    [Fact]
    public void Uniform_draws_centre_on_the_middle_of_the_range()
    {
        var draws = Draw(new UniformDistribution(0.5, 1.5));

        // Standard error of the mean is 1 / sqrt(12 * 5000) ~ 0.004; allow 5 of them.
        Assert.InRange(draws.Average(), 0.98, 1.02);
        Assert.InRange(draws.Min(), 0.5, 0.51);
        Assert.InRange(draws.Max(), 1.49, 1.5);
    }

    [Fact]
    public void Loguniform_median_is_near_the_geometric_mean()
    {
        var draws = Draw(new LogUniformDistribution(1e-4, 1e-2));
        var median = draws.Order().ElementAt(Draws / 2);

        // Geometric mean is 1e-3; in log10 space the median is uniform on [-4, -2] with tiny error.
        Assert.InRange(Math.Log10(median), -3.1, -2.9);
        Assert.All(draws, d => Assert.InRange(d, 1e-4, 1e-2));
        // A plain uniform draw would almost never go below 1e-3 this often.
        Assert.InRange(draws.Count(d => d < 1e-3) / (double)Draws, 0.45, 0.55);
    }

    [Fact]
    public void Every_choice_is_chosen_about_equally_often()
    {
        var values = new[] { ParameterValue.Int(64), ParameterValue.Int(128), ParameterValue.Of("auto"), ParameterValue.Bool(true) };
        var counts = DrawValues(new ChoiceDistribution(values)).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(values.Length, counts.Count);
        Assert.All(values, v => Assert.InRange(counts[v], Draws / 4 * 0.85, Draws / 4 * 1.15));
    }

    [Fact]
    public void Int_draws_reach_every_value_including_both_ends()
    {
        var counts = DrawValues(new IntDistribution(1, 10, Log: false)).GroupBy(v => v.AsInt64()).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, Draws / 10 * 0.8, Draws / 10 * 1.2));
    }

    [Fact]
    public void Int_steps_are_respected()
    {
        var draws = DrawValues(new IntDistribution(8, 64, Log: false, Step: 8)).Select(v => v.AsInt64()).Distinct().Order();

        Assert.Equal([8L, 16, 24, 32, 40, 48, 56, 64], draws);
    }

    [Fact]
    public void Log_int_draws_favour_small_values_and_reach_both_ends()
    {
        var draws = DrawValues(new IntDistribution(1, 1000, Log: true)).Select(v => v.AsInt64()).ToList();

        Assert.Contains(1L, draws);
        Assert.InRange(draws.Max(), 900, 1000);
        // Log-uniform: about half of the mass below sqrt(1000) ~ 32.
        Assert.InRange(draws.Count(d => d <= 32) / (double)Draws, 0.42, 0.58);
    }

    [Fact]
    public void Random_search_has_no_trial_limit()
    {
        Assert.Null(new RandomSampler(1).MaxTrials(SamplerCase.MixedSpace));
    }

    [Fact]
    public void Suggestions_are_pinned_so_that_restarts_across_versions_reproduce_them()
    {
        // If this changes, sweeps resumed after an upgrade would re-run trials with new parameters.
        var space = new SearchSpace([new("x", new UniformDistribution(0, 1)), new("n", new IntDistribution(0, 1_000_000, Log: false))]);
        var values = new RandomSampler(42).Suggest(space, 3, []);

        Assert.Equal(PinnedX, values["x"].Number, 12);
        Assert.Equal(PinnedN, values["n"].AsInt64());
    }

    private const double PinnedX = 0.81310506901382706;
    private const long PinnedN = 86114;

    private static List<double> Draw(Distribution distribution) =>
        DrawValues(distribution).Select(v => v.Number).ToList();

    private static List<ParameterValue> DrawValues(Distribution distribution)
    {
        var sampler = new RandomSampler(12345);
        var space = new SearchSpace([new ParameterDefinition("p", distribution)]);
        return Enumerable.Range(0, Draws).Select(trial => sampler.Suggest(space, trial, [])["p"]).ToList();
    }
}
