using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Bayesian optimisation with a Gaussian process (Snoek, Larochelle and Adams 2012; Optuna's and BoTorch's GP samplers
/// work alike). The completed trials' values, warped and standardised, are modelled by a Gaussian process with a
/// Matérn 5/2 kernel over the unit cube of the parameters (categories by equality), its hyperparameters fitted to
/// them afresh each time; the next trial is where the logarithm of expected improvement is largest. Until
/// <c>startup_trials</c> trials have completed it draws from a scrambled Sobol' sequence, as the <c>sobol</c> sampler
/// does. Running trials are taken to score what the model predicts for them, no better than the best so far (the
/// "kriging believer"), so parallel workers are steered away from points already being tried.
/// </summary>
/// <remarks>
/// A parameter that exists only under conditions is one more dimension; trials without it sit at the middle of its
/// range (see <see cref="CubeEncoding"/>), and a suggestion keeps it only where its conditions hold.
/// Failed and killed trials are left out. Pruned trials were stopped for looking poor: as TPE counts them with the
/// rest, they count at their last reported value but no better than the completed trials' median, which keeps an
/// early, not yet comparable value from passing for a good one. A suggestion costs O(n³) for the factorisation and
/// O(n²) per candidate in the n trials modelled, so at most <c>max_history</c> are: the best half of that many, then the
/// most recent of the others. The hyperparameters are fitted to at most 120 of them, chosen the same way.
/// </remarks>
public sealed class GpSampler : ISampler
{
    public static readonly HyperparameterDescriptor StartupTrials = new(
        "startup_trials", ParameterKind.Int, ParameterValue.Int(10), "Completed trials drawn from a Sobol' sequence before the Gaussian process takes over.", Min: 0, Max: 100_000);

    public static readonly HyperparameterDescriptor Candidates = new(
        "candidates", ParameterKind.Int, ParameterValue.Int(512), "Points scored for expected improvement per suggestion, before the best few are refined.", Min: 8, Max: 100_000);

    public static readonly HyperparameterDescriptor MaxHistory = new(
        "max_history", ParameterKind.Int, ParameterValue.Int(500), "Most trials the model conditions on (the best half, then the most recent); bounds the cost of a suggestion.", Min: 10, Max: 100_000);

    public static readonly HyperparameterDescriptor WarpObjective = new(
        "warp_objective", ParameterKind.Bool, ParameterValue.Bool(true), "Pass the values through a fitted power transform before modelling them, which tames heavy tails.");

    public static SamplerDescriptor Descriptor { get; } = new(
        "gp",
        "Gaussian-process Bayesian optimisation: proposes where expected improvement over the best trial is largest.",
        [StartupTrials, Candidates, MaxHistory, WarpObjective],
        settings => new GpSampler(settings));

    // How many of the best trials the local candidates are drawn around.
    private const int Anchors = 5;

    // Most trials the hyperparameters are fitted to (see FitHyperparameters).
    private const int FitTrials = 120;

    private readonly SamplerSettings settings;
    private readonly SobolSampler startup;
    private readonly long startupTrials;
    private readonly int candidates;
    private readonly int maxHistory;
    private readonly bool warpObjective;

    public GpSampler(SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        startup = new SobolSampler(settings with { Options = AlgorithmOptions.None });
        startupTrials = settings.Options.Int(StartupTrials);
        candidates = (int)settings.Options.Int(Candidates);
        maxHistory = (int)settings.Options.Int(MaxHistory);
        warpObjective = settings.Options.Bool(WarpObjective);
    }

    public IReadOnlyDictionary<string, ParameterValue> Suggest(SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(trialNumber);

        // Only trials before this one count, in trial order: asking again later gives the same answer for the same
        // outcomes, and the order the history is listed in does not matter.
        var earlier = history.Where(t => t.Number < trialNumber).OrderBy(t => t.Number).ToList();
        var completed = earlier.Count(t => t.Outcome == TrialOutcome.Completed && t.Objective is { } value && double.IsFinite(value));
        var encoding = new CubeEncoding(space);
        if (completed < Math.Max(startupTrials, 1) || encoding.Count == 0)
        {
            return startup.Suggest(space, trialNumber, history);
        }

        var dimensions = encoding.Count;
        var training = Modelled(earlier);
        var points = new double[training.Count * dimensions];
        for (var i = 0; i < training.Count; i++)
        {
            encoding.Encode(training[i].Trial.Parameters, points.AsSpan(i * dimensions, dimensions));
        }

        var values = ObjectiveWarping.Warp(training.Select(t => t.Value).ToArray(), warpObjective);
        var hyperparameters = FitHyperparameters(training, points, values, encoding);
        var model = new GaussianProcess(points, values, dimensions, encoding.NumericCount, hyperparameters);

        // The value to improve on: the best posterior mean at a trial (the best value itself for a noiseless objective,
        // but not a lucky draw of a noisy one).
        var incumbent = Enumerable.Range(0, training.Count).Min(model.FittedMean);
        var running = earlier.Where(t => t.Outcome == TrialOutcome.Running).ToList();
        if (running.Count > 0)
        {
            model = WithBelievedRunningTrials(model, points, values, running, encoding, hyperparameters, incumbent);
        }

        var anchors = Enumerable.Range(0, training.Count)
            .OrderBy(i => values[i])
            .ThenBy(i => training[i].Trial.Number)
            .Take(Anchors)
            .Select(i => points.AsSpan(i * dimensions, dimensions).ToArray())
            .ToList();
        var sobol = new SobolSequence(dimensions, StableRandom.ForParameter(settings.Seed, trialNumber, "gp:sobol"));
        var random = StableRandom.ForParameter(settings.Seed, trialNumber, "gp:local");
        var point = new AcquisitionOptimizer(model, encoding, incumbent).Maximize(candidates, sobol, random, anchors);

        var suggestion = new Dictionary<string, ParameterValue>(space.Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in space.Parameters)
        {
            if (parameter.Distribution is FixedDistribution fixedValue)
            {
                suggestion[parameter.Name] = fixedValue.Value;
            }
        }

        encoding.Decode(point, suggestion);
        // Every parameter gets a value (a parent may have moved); those whose conditions do not hold are dropped.
        return space.Active(suggestion);
    }

    public int? MaxTrials(SearchSpace space) => null;

    /// <summary>
    /// The trials the model learns from, in trial order, with their values oriented so that lower is better: the
    /// completed ones and the pruned ones (see the remarks), at most <see cref="MaxHistory"/> of them.
    /// </summary>
    private List<(TrialObservation Trial, double Value)> Modelled(List<TrialObservation> earlier)
    {
        var sign = settings.Goal == ObjectiveGoal.Maximize ? -1 : 1;
        var modelled = earlier
            .Where(t => t.Outcome == TrialOutcome.Completed && t.Objective is { } value && double.IsFinite(value))
            .Select(t => (Trial: t, Value: sign * t.Objective!.Value))
            .ToList();
        var sorted = modelled.Select(t => t.Value).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
        modelled.AddRange(earlier
            .Where(t => t.Outcome == TrialOutcome.Pruned && t.Objective is { } value && double.IsFinite(value))
            .Select(t => (Trial: t, Value: Math.Max(sign * t.Objective!.Value, median))));

        modelled.Sort((a, b) => a.Trial.Number.CompareTo(b.Trial.Number));
        return Kept(modelled, maxHistory).Select(i => modelled[i]).ToList();
    }

    /// <summary>
    /// The hyperparameters, fitted to at most <see cref="FitTrials"/> of the modelled trials (chosen as
    /// <c>max_history</c> chooses): the fit evaluates the O(n³) likelihood dozens of times, the posterior factors once,
    /// and hyperparameters (how smooth, how noisy) need fewer trials to pin down than the posterior's details.
    /// </summary>
    private static GpHyperparameters FitHyperparameters(List<(TrialObservation Trial, double Value)> training, double[] points, double[] values, CubeEncoding encoding)
    {
        var dimensions = encoding.Count;
        if (training.Count <= FitTrials)
        {
            return GpHyperparameters.Fit(points, values, dimensions, encoding.NumericCount);
        }

        var kept = Kept(training, FitTrials);
        var fitPoints = new double[kept.Length * dimensions];
        var fitValues = new double[kept.Length];
        for (var k = 0; k < kept.Length; k++)
        {
            points.AsSpan(kept[k] * dimensions, dimensions).CopyTo(fitPoints.AsSpan(k * dimensions, dimensions));
            fitValues[k] = values[kept[k]];
        }

        return GpHyperparameters.Fit(fitPoints, fitValues, dimensions, encoding.NumericCount);
    }

    /// <summary>
    /// Indices (ascending) of at most <paramref name="limit"/> trials of <paramref name="trials"/> (in trial order):
    /// all when they are few enough, else the best half of the limit, then the most recent of the others.
    /// </summary>
    private static int[] Kept(List<(TrialObservation Trial, double Value)> trials, int limit)
    {
        if (trials.Count <= limit)
        {
            return Enumerable.Range(0, trials.Count).ToArray();
        }

        var best = Enumerable.Range(0, trials.Count).OrderBy(i => trials[i].Value).ThenBy(i => trials[i].Trial.Number).Take((limit + 1) / 2).ToHashSet();
        var recent = Enumerable.Range(0, trials.Count).Where(i => !best.Contains(i)).OrderDescending().Take(limit - best.Count);
        return [.. best.Concat(recent).Order()];
    }

    /// <summary>
    /// The model with each running trial added as if it had scored the posterior mean there, or the incumbent where
    /// that is better: near a running trial the model is then sure of a value no better than the best, so expected
    /// improvement there vanishes and the next worker looks elsewhere. Hyperparameters are kept.
    /// </summary>
    private static GaussianProcess WithBelievedRunningTrials(
        GaussianProcess model, double[] points, double[] values, List<TrialObservation> running, CubeEncoding encoding, GpHyperparameters hyperparameters, double incumbent)
    {
        var dimensions = encoding.Count;
        var count = values.Length;
        var allPoints = new double[(count + running.Count) * dimensions];
        var allValues = new double[count + running.Count];
        points.CopyTo(allPoints, 0);
        values.CopyTo(allValues, 0);
        for (var r = 0; r < running.Count; r++)
        {
            var point = allPoints.AsSpan((count + r) * dimensions, dimensions);
            encoding.Encode(running[r].Parameters, point);
            allValues[count + r] = Math.Max(model.Predict(point).Mean, incumbent);
        }

        return new GaussianProcess(allPoints, allValues, dimensions, encoding.NumericCount, hyperparameters);
    }
}
