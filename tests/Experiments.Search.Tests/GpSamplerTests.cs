using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>
/// The Gaussian process sampler: its model interpolates what it saw and its gradients are right, expected improvement
/// prefers likely improvements, and the sampler beats random search, follows the goal and spreads parallel trials.
/// </summary>
public sealed class GpSamplerTests
{
    private static readonly ITestFunction BraninFunction = new Branin();

    [Fact]
    public void The_posterior_goes_through_the_observations_and_is_unsure_far_from_them()
    {
        double[] points = [0.1, 0.1, 0.4, 0.8, 0.7, 0.3, 0.9, 0.9];
        double[] values = [1.0, -0.5, 0.3, -1.2];
        var model = new GaussianProcess(points, values, dimensions: 2, numericCount: 2, new GpHyperparameters([25, 25], amplitude: 1, noise: 1e-6));

        for (var i = 0; i < values.Length; i++)
        {
            var (mean, variance) = model.Predict(points.AsSpan(i * 2, 2));
            Assert.Equal(values[i], mean, precision: 3);
            Assert.True(variance < 1e-4, $"variance {variance} at observation {i}");
            Assert.Equal(values[i], model.FittedMean(i), precision: 3);
        }

        var (farMean, farVariance) = model.Predict([0.1, 0.95]);
        Assert.True(farVariance > 0.5, $"variance {farVariance} far from every observation");
        Assert.True(Math.Abs(farMean) < 0.5, $"mean {farMean} far from every observation should fall back towards the prior's 0");
    }

    [Fact]
    public void The_posterior_gradients_match_finite_differences()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 3 * 12).Select(i => i % 3 == 2 ? random.Next(3) : random.NextDouble()).ToArray();
        var values = Enumerable.Range(0, 12).Select(_ => NormalDistribution.Draw(random)).ToArray();
        var model = new GaussianProcess(points, values, dimensions: 3, numericCount: 2, new GpHyperparameters([4, 9, 2], amplitude: 1.3, noise: 1e-3));
        double[] at = [0.37, 0.61, 1];
        var meanGradient = new double[3];
        var varianceGradient = new double[3];
        model.Predict(at, meanGradient, varianceGradient);

        for (var d = 0; d < 2; d++)
        {
            const double h = 1e-6;
            double[] plus = [.. at];
            double[] minus = [.. at];
            plus[d] += h;
            minus[d] -= h;
            var (meanPlus, variancePlus) = model.Predict(plus);
            var (meanMinus, varianceMinus) = model.Predict(minus);
            Assert.Equal((meanPlus - meanMinus) / (2 * h), meanGradient[d], precision: 5);
            Assert.Equal((variancePlus - varianceMinus) / (2 * h), varianceGradient[d], precision: 5);
        }

        Assert.Equal(0, meanGradient[2]);
    }

    [Fact]
    public void The_marginal_likelihood_gradient_matches_finite_differences()
    {
        var random = new Random(5);
        var points = Enumerable.Range(0, 3 * 15).Select(i => i % 3 == 2 ? random.Next(2) : random.NextDouble()).ToArray();
        var values = Enumerable.Range(0, 15).Select(i => Math.Sin(6 * points[i * 3]) + points[(i * 3) + 2]).ToArray();
        var likelihood = new MarginalLikelihood(points, values, dimensions: 3, numericCount: 2);
        double[] at = [Math.Log(0.3), Math.Log(0.8), Math.Log(0.5), Math.Log(1.2), Math.Log(0.01)];
        var gradient = new double[at.Length];
        var scratch = new double[at.Length];
        likelihood.Evaluate(at, gradient);

        for (var p = 0; p < at.Length; p++)
        {
            const double h = 1e-5;
            double[] plus = [.. at];
            double[] minus = [.. at];
            plus[p] += h;
            minus[p] -= h;
            var numeric = (likelihood.Evaluate(plus, scratch) - likelihood.Evaluate(minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[p]) < 1e-4 * Math.Max(1, Math.Abs(numeric)), $"parameter {p}: analytic {gradient[p]}, numeric {numeric}");
        }
    }

    [Fact]
    public void The_fitted_lengthscales_tell_a_relevant_dimension_from_an_irrelevant_one()
    {
        // The values vary along x0 only: x1's lengthscale must come out much longer than x0's.
        var random = new Random(7);
        var points = Enumerable.Range(0, 2 * 30).Select(_ => random.NextDouble()).ToArray();
        var values = ObjectiveWarping.Warp(Enumerable.Range(0, 30).Select(i => Math.Sin(8 * points[i * 2])).ToArray(), powerTransform: false);

        var fitted = GpHyperparameters.Fit(points, values, dimensions: 2, numericCount: 2);

        var lengthscaleX0 = 1 / Math.Sqrt(fitted.InverseSquaredLengthscales[0]);
        var lengthscaleX1 = 1 / Math.Sqrt(fitted.InverseSquaredLengthscales[1]);
        Assert.True(lengthscaleX0 < 0.5, $"x0's lengthscale {lengthscaleX0}");
        Assert.True(lengthscaleX1 > 5 * lengthscaleX0, $"x1's lengthscale {lengthscaleX1} against x0's {lengthscaleX0}");
        Assert.True(fitted.Noise < 0.01, $"noise {fitted.Noise} for a noiseless function");
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.5)]
    [InlineData(0.3, 0.2, 0.1)]
    [InlineData(-1.0, 0.5, 0.4)]
    [InlineData(2.0, 1.5, -0.5)]
    public void Log_expected_improvement_is_the_closed_form_where_that_does_not_underflow(double mean, double sd, double best)
    {
        var z = (best - mean) / sd;
        var expected = sd * (Math.Exp(NormalDistribution.LogDensity(z)) + (z * NormalDistribution.Cdf(z)));

        var logEi = LogExpectedImprovement.Value(mean, sd, best, out _, out _);

        Assert.True(expected > 0);
        Assert.Equal(1, Math.Exp(logEi) / expected, precision: 5);
    }

    [Fact]
    public void Expected_improvement_is_larger_where_improvement_is_likelier_and_stays_ordered_deep_in_the_tail()
    {
        // Lower mean, same uncertainty: more improvement expected. Same mean above the best, more uncertainty: more.
        Assert.True(LogExpectedImprovement.Value(-0.5, 0.3, 0, out _, out _) > LogExpectedImprovement.Value(0.2, 0.3, 0, out _, out _));
        Assert.True(LogExpectedImprovement.Value(1, 0.8, 0, out _, out _) > LogExpectedImprovement.Value(1, 0.2, 0, out _, out _));

        // Where EI itself is below the smallest double, its logarithm keeps decreasing, smoothly across the switch to the series.
        var previous = double.PositiveInfinity;
        foreach (var mean in new[] { 10.0, 20.0, 24.9, 25.1, 40.0, 100.0 })
        {
            var value = LogExpectedImprovement.Value(mean, 1, 0, out _, out _);
            Assert.True(double.IsFinite(value) && value < previous, $"log EI {value} at mean {mean} after {previous}");
            previous = value;
        }

        // Against the asymptote h(z) ≈ φ(z)/z² · (1 - 3/z²) for z = -100.
        Assert.Equal(NormalDistribution.LogDensity(-100) - (2 * Math.Log(100)) + Math.Log(1 - 3e-4), LogExpectedImprovement.Value(100, 1, 0, out _, out _), precision: 6);
    }

    [Theory]
    [InlineData(0.1, 0.7, 0.4)]
    [InlineData(3.0, 0.5, 0.0)]
    [InlineData(40.0, 1.0, 0.0)]
    public void Log_expected_improvement_derivatives_match_finite_differences(double mean, double sd, double best)
    {
        LogExpectedImprovement.Value(mean, sd, best, out var byMean, out var bySd);
        const double h = 1e-6;
        var numericByMean = (LogExpectedImprovement.Value(mean + h, sd, best, out _, out _) - LogExpectedImprovement.Value(mean - h, sd, best, out _, out _)) / (2 * h);
        var numericBySd = (LogExpectedImprovement.Value(mean, sd + h, best, out _, out _) - LogExpectedImprovement.Value(mean, sd - h, best, out _, out _)) / (2 * h);

        Assert.True(Math.Abs(numericByMean - byMean) < 1e-4 * Math.Max(1, Math.Abs(byMean)), $"∂/∂mean: analytic {byMean}, numeric {numericByMean}");
        Assert.True(Math.Abs(numericBySd - bySd) < 1e-4 * Math.Max(1, Math.Abs(bySd)), $"∂/∂sd: analytic {bySd}, numeric {numericBySd}");
    }

    [Fact]
    public void The_warping_keeps_the_order_and_pulls_in_a_heavy_tail()
    {
        double[] values = [0.2, 0.5, 1, 2, 3, 5, 8, 20, 400, 90_000];
        var warped = ObjectiveWarping.Warp(values, powerTransform: true);
        var standardised = ObjectiveWarping.Warp(values, powerTransform: false);

        for (var i = 1; i < values.Length; i++)
        {
            Assert.True(warped[i] > warped[i - 1], $"order lost at {i}");
        }

        Assert.Equal(0, warped.Average(), precision: 9);
        Assert.Equal(1, warped.Sum(v => v * v) / warped.Length, precision: 9);
        // Standardising alone leaves the nine small values within 0.01 standard deviations of each other.
        Assert.True(standardised[7] - standardised[0] < 0.01);
        Assert.True(warped[7] - warped[0] > 1, $"spread of the small values after warping: {warped[7] - warped[0]}");
    }

    [Fact]
    public void On_branin_it_beats_random_search_clearly()
    {
        var gp = new List<double>();
        var random = new List<double>();
        for (var seed = 0; seed < 5; seed++)
        {
            gp.Add(Best(Create(seed, ObjectiveGoal.Minimize), BraninFunction, 40));
            random.Add(Best(new RandomSampler(seed), BraninFunction, 40));
        }

        // Branin's minimum is 0.398; random search's median best after 40 draws is above 1.
        var gpMedian = gp.Order().ElementAt(2);
        var randomMedian = random.Order().ElementAt(2);
        Assert.True(gpMedian < 0.45, $"GP best values {string.Join(", ", gp)}");
        Assert.True(gpMedian < randomMedian / 2, $"GP median {gpMedian}, random search's {randomMedian}");
    }

    [Fact]
    public void When_maximizing_it_climbs_the_upturned_function()
    {
        var best = new List<double>();
        for (var seed = 0; seed < 3; seed++)
        {
            best.Add(Best(Create(seed, ObjectiveGoal.Maximize), BraninFunction, 35, negate: true));
        }

        Assert.True(best.Order().ElementAt(1) > -0.5, $"best values {string.Join(", ", best)}");
    }

    [Fact]
    public void Until_the_startup_trials_complete_it_proposes_what_sobol_search_does()
    {
        var gp = Create(3, ObjectiveGoal.Minimize, ("startup_trials", ParameterValue.Int(4)));
        var sobol = SamplerRegistry.Create("sobol", SamplerSettings.Default(3));
        var space = Space(BraninFunction);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < 4; trial++)
        {
            var values = gp.Suggest(space, trial, history);
            Assert.Equal(sobol.Suggest(space, trial, []), values);
            // A failed trial does not count towards the start.
            history.Add(new TrialObservation(trial, values, trial == 1 ? TrialOutcome.Failed : TrialOutcome.Completed, trial == 1 ? null : Evaluate(BraninFunction, values)));
        }

        Assert.Equal(sobol.Suggest(space, 4, []), gp.Suggest(space, 4, history));
        history.Add(new TrialObservation(4, sobol.Suggest(space, 4, []), TrialOutcome.Completed, Evaluate(BraninFunction, sobol.Suggest(space, 4, []))));
        Assert.NotEqual(sobol.Suggest(space, 5, []), gp.Suggest(space, 5, history));
    }

    [Fact]
    public void A_running_trial_steers_the_next_suggestion_away_from_it()
    {
        var sampler = Create(4, ObjectiveGoal.Minimize);
        var space = Space(BraninFunction);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < 25; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, Evaluate(BraninFunction, values)));
        }

        // Alone, trials 25 and 26 would land on (nearly) the same point; with 25 running, 26 goes elsewhere.
        var first = sampler.Suggest(space, 25, history);
        var alone = sampler.Suggest(space, 26, history);
        var beside = sampler.Suggest(space, 26, [.. history, new TrialObservation(25, first, TrialOutcome.Running, null)]);

        Assert.True(Distance(first, alone) < 0.05, $"without the running trial: {Distance(first, alone)} apart");
        Assert.True(Distance(first, beside) > 0.1, $"with it running: {Distance(first, beside)} apart");
    }

    [Fact]
    public void It_learns_integers_steps_and_categories()
    {
        var space = new SearchSpace(
        [
            new("width", new IntDistribution(8, 512, Log: true)),
            new("layers", new IntDistribution(2, 20, Log: false, Step: 2)),
            new("dropout", new UniformDistribution(0, 0.5, Step: 0.1)),
            new("activation", new ChoiceDistribution([ParameterValue.Of("relu"), ParameterValue.Of("tanh"), ParameterValue.Of("gelu")])),
        ]);
        static double Loss(IReadOnlyDictionary<string, ParameterValue> v) =>
            Square(Math.Log2(v["width"].Number) - 7) + Square((v["layers"].Number - 12) / 2) + Square(10 * (v["dropout"].Number - 0.2)) + (v["activation"].Text == "gelu" ? 0 : 3);

        var sampler = Create(1, ObjectiveGoal.Minimize);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < 40; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, Loss(values)));
        }

        var late = history.Skip(25).ToList();
        Assert.True(late.Count(t => t.Parameters["activation"].Text == "gelu") >= 11, "the best activation is not preferred");
        Assert.Equal(0, history.Min(t => t.Objective!.Value));
    }

    [Fact]
    public void Parameters_missing_from_earlier_trials_or_out_of_range_in_them_do_not_stop_it()
    {
        // Trials from before "y" and "mode" existed (as with conditional parameters), and one whose x is now out of range.
        var space = new SearchSpace(
        [
            new("x", new UniformDistribution(0, 1)),
            new("y", new UniformDistribution(0, 1)),
            new("mode", new ChoiceDistribution([ParameterValue.Of("a"), ParameterValue.Of("b")])),
        ]);
        var history = Enumerable.Range(0, 12)
            .Select(i => new TrialObservation(i, new Dictionary<string, ParameterValue> { ["x"] = ParameterValue.Float(i == 5 ? 7.0 : i / 12.0) }, TrialOutcome.Completed, Square((i / 12.0) - 0.3)))
            .ToList();

        var values = Create(2, ObjectiveGoal.Minimize).Suggest(space, 12, history);

        Assert.All(space.Parameters, p => Assert.True(p.Distribution.Contains(values[p.Name]), $"{p.Name} = {values[p.Name]}"));
    }

    private static ISampler Create(long seed, ObjectiveGoal goal, params (string Name, ParameterValue Value)[] options) =>
        SamplerRegistry.Create("gp", new SamplerSettings(seed, goal, new AlgorithmOptions(options.Select(o => KeyValuePair.Create(o.Name, o.Value)))));

    private static double Best(ISampler sampler, ITestFunction function, int evaluations, bool negate = false)
    {
        var space = Space(function);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < evaluations; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, Evaluate(function, values) * (negate ? -1 : 1)));
        }

        return negate ? history.Max(t => t.Objective!.Value) : history.Min(t => t.Objective!.Value);
    }

    /// <summary>Distance in the unit square of the function's box.</summary>
    private static double Distance(IReadOnlyDictionary<string, ParameterValue> a, IReadOnlyDictionary<string, ParameterValue> b) =>
        Math.Sqrt(BraninFunction.Bounds.Select((bound, d) => Square((a[$"x{d}"].Number - b[$"x{d}"].Number) / (bound.High - bound.Low))).Sum());

    private static SearchSpace Space(ITestFunction function) =>
        new(function.Bounds.Select((b, d) => new ParameterDefinition($"x{d}", new UniformDistribution(b.Low, b.High))).ToList());

    private static double Evaluate(ITestFunction function, IReadOnlyDictionary<string, ParameterValue> values) =>
        function.Evaluate(Enumerable.Range(0, function.Bounds.Count).Select(d => values[$"x{d}"].Number).ToArray());

    private static double Square(double value) => value * value;
}
