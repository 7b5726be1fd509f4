using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011; multivariate: Falkner et al. 2018). Completed trials are
/// split into the best few ("good": 10 %, at most 25) and the rest; each group gets a Parzen estimator, and the
/// next trial is the one of <c>candidates</c> draws from the good estimator that maximises good density over rest
/// density. Until <c>startup_trials</c> trials have completed it draws as random search does. With
/// <c>constant_liar</c>, running trials join the rest as if they had the worst value, so parallel workers are steered
/// away from points already being tried.
/// </summary>
public sealed class TpeSampler : ISampler
{
    public static readonly HyperparameterDescriptor StartupTrials = new(
        "startup_trials", ParameterKind.Int, ParameterValue.Int(10), "Completed trials drawn at random before the estimators take over.", Min: 0, Max: 100_000);

    public static readonly HyperparameterDescriptor Candidates = new(
        "candidates", ParameterKind.Int, ParameterValue.Int(24), "Draws from the good trials' estimator scored per suggestion.", Min: 1, Max: 10_000);

    public static readonly HyperparameterDescriptor Multivariate = new(
        "multivariate", ParameterKind.Bool, ParameterValue.Bool(false), "Model the parameters jointly (kernels over all of them) instead of one by one.");

    public static readonly HyperparameterDescriptor ConstantLiar = new(
        "constant_liar", ParameterKind.Bool, ParameterValue.Bool(true), "Count running trials as the worst so far, so parallel suggestions spread out.");

    public static readonly HyperparameterDescriptor PriorWeight = new(
        "prior_weight", ParameterKind.Float, ParameterValue.Float(1.0), "Weight of the flat prior kernel against each observed trial's.", Min: 1e-6, Max: 1_000);

    public static SamplerDescriptor Descriptor { get; } = new(
        "tpe",
        "Tree-structured Parzen Estimator: proposes where good trials are dense and the rest sparse.",
        [StartupTrials, Candidates, Multivariate, ConstantLiar, PriorWeight],
        settings => new TpeSampler(settings));

    private const int MaxGoodTrials = 25;
    private const double GoodFraction = 0.1;

    private readonly SamplerSettings settings;
    private readonly RandomSampler startup;
    private readonly long startupTrials;
    private readonly int candidates;
    private readonly bool multivariate;
    private readonly bool constantLiar;
    private readonly double priorWeight;
    private readonly Lock gate = new(); // the kept encodings are not for concurrent suggestions
    private EncodedHistory? encoded;

    public TpeSampler(SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        startup = new RandomSampler(settings.Seed);
        startupTrials = settings.Options.Int(StartupTrials);
        candidates = (int)settings.Options.Int(Candidates);
        multivariate = settings.Options.Bool(Multivariate);
        constantLiar = settings.Options.Bool(ConstantLiar);
        priorWeight = settings.Options.Float(PriorWeight);
    }

    public IReadOnlyDictionary<string, ParameterValue> Suggest(SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(trialNumber);

        // Only trials before this one count, in trial order: asking again later gives the same answer for the same
        // outcomes, and the order the history is listed in does not matter. One pass finds them, whether they are in
        // order, how many are scored and the best of those.
        var earlier = new List<TrialObservation>(history.Count);
        var best = new BestTrials(MaxGoodTrials);
        var sign = settings.Goal == ObjectiveGoal.Maximize ? -1 : 1;
        var inOrder = true;
        var scored = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var trial = history[i];
            if (trial.Number >= trialNumber)
            {
                continue;
            }

            inOrder &= earlier.Count == 0 || earlier[^1].Number <= trial.Number;
            earlier.Add(trial);
            if (IsScored(trial))
            {
                scored++;
                best.Offer(sign * trial.Objective!.Value, trial.Number);
            }
        }

        if (scored < Math.Max(startupTrials, 1))
        {
            return startup.Suggest(space, trialNumber, history);
        }

        if (!inOrder)
        {
            earlier.Sort((a, b) => a.Number.CompareTo(b.Number));
        }

        lock (gate)
        {
            return Propose(space, trialNumber, earlier, best.Numbers(Math.Min((int)Math.Ceiling(GoodFraction * scored), MaxGoodTrials)));
        }
    }

    public int? MaxTrials(SearchSpace space) => null;

    private IReadOnlyDictionary<string, ParameterValue> Propose(SearchSpace space, int trialNumber, List<TrialObservation> earlier, IEnumerable<int> goodNumbers)
    {
        var values = new Dictionary<string, ParameterValue>(space.Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in space.Parameters.Where(p => p.Distribution is FixedDistribution))
        {
            values[parameter.Name] = ((FixedDistribution)parameter.Distribution).Value;
        }

        var modelled = space.Parameters.Where(p => p.Distribution is not FixedDistribution).ToList();
        if (encoded?.Encodes(modelled) != true)
        {
            encoded = new EncodedHistory(modelled);
        }

        var (good, restNumbers) = Split(earlier, goodNumbers, encoded);
        var rest = new RestRanks(restNumbers);

        // Multivariate TPE models the parameters every trial has jointly; one that exists only under conditions is
        // modelled on its own, from the trials that have it (as Optuna's TPE does outside the shared space).
        var all = Enumerable.Range(0, modelled.Count).ToList();
        var joint = all.Where(d => !modelled[d].IsConditional).OrderBy(d => modelled[d].Name, StringComparer.Ordinal).ToList();
        if (multivariate && joint.Count > 0)
        {
            // Parameters in name order, so the joint draw does not depend on declaration order.
            var point = Propose(joint, good, rest, StableRandom.ForParameter(settings.Seed, trialNumber, "tpe:joint"));
            for (var i = 0; i < joint.Count; i++)
            {
                values[modelled[joint[i]].Name] = encoded.Dimensions[joint[i]].Decode(point[i]);
            }
        }

        foreach (var d in all.Where(d => !multivariate || modelled[d].IsConditional))
        {
            var point = Propose([d], good, rest, StableRandom.ForParameter(settings.Seed, trialNumber, "tpe:" + modelled[d].Name));
            values[modelled[d].Name] = encoded.Dimensions[d].Decode(point[0]);
        }

        return space.Active(values);
    }

    /// <summary>
    /// The numbers of the good trials (the best completed ones) and of the rest, to which running trials are added as
    /// liars; both in trial order. Each of them is refreshed in <paramref name="encodings"/> on the way.
    /// </summary>
    private (int[] Good, int[] Others) Split(List<TrialObservation> earlier, IEnumerable<int> goodNumbers, EncodedHistory encodings)
    {
        var isGood = new bool[earlier[^1].Number + 1];
        foreach (var number in goodNumbers)
        {
            isGood[number] = true;
        }

        var good = new List<int>(MaxGoodTrials);
        var rest = new List<int>(earlier.Count);
        foreach (var trial in earlier)
        {
            if (isGood[trial.Number])
            {
                good.Add(trial.Number);
                encodings.Refresh(trial);
            }
            else if (trial.Outcome switch
            {
                // Pruned trials stopped for being poor: they belong with the rest too.
                TrialOutcome.Completed or TrialOutcome.Pruned => trial.Objective is { } value && double.IsFinite(value),
                TrialOutcome.Running => constantLiar,
                _ => false,
            })
            {
                rest.Add(trial.Number);
                encodings.Refresh(trial);
            }
        }

        return ([.. good], [.. rest]);
    }

    private static bool IsScored(TrialObservation trial) =>
        trial.Outcome == TrialOutcome.Completed && trial.Objective is { } value && double.IsFinite(value);

    /// <summary>The best of <c>candidates</c> draws from the good trials' estimator on these dimensions, by good over rest density.</summary>
    private double[] Propose(IReadOnlyList<int> dimensions, int[] good, RestRanks rest, Random random)
    {
        var goodEstimator = Estimator(dimensions, good, densityOnly: false);
        var restEstimator = dimensions is [var only] && encoded!.Dimensions[only] is NumericDimension line
            ? RestOnTheLine(only, line, rest)
            : Estimator(dimensions, rest.Numbers, densityOnly: true);
        double[]? best = null;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < candidates; i++)
        {
            var candidate = goodEstimator.Sample(random);
            var score = goodEstimator.LogDensity(candidate) - restEstimator.LogDensity(candidate);
            if (best is null || score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best!;
    }

    /// <summary>The rest's estimator on one numeric dimension, walked from the kept ascending order: no sort per suggestion.</summary>
    private ParzenEstimator RestOnTheLine(int dimension, NumericDimension line, RestRanks rest)
    {
        var (rankByNumber, members) = encoded!.AllUsable(dimension) ? (rest.ByNumber, rest.Numbers.Length) : rest.UsableOn(encoded, dimension);
        var weight = new TrialWeights(members);
        var kernels = new LineKernels(line, members + 1, merge: true);
        var priorPlaced = false;
        var walked = 0;
        foreach (var (coordinate, number) in encoded!.InOrder(dimension))
        {
            if (number >= rankByNumber.Length || rankByNumber[number] is not (>= 0 and var rank))
            {
                continue;
            }

            walked++;

            // The prior joins the order after any observation at its centre.
            if (!priorPlaced && coordinate > kernels.PriorCentre)
            {
                kernels.AddPrior(priorWeight);
                priorPlaced = true;
            }

            kernels.Add(coordinate, weight.At(rank));
        }

        if (!priorPlaced)
        {
            kernels.AddPrior(priorWeight);
        }

        // Every member was refreshed with a usable coordinate, so the kept order holds each one exactly once.
        return walked == members
            ? ParzenEstimator.OnLine(line, kernels, priorWeight)
            : throw new InvalidOperationException($"The kept order of '{line.Name}' holds {walked} of the rest's {members} trials.");
    }

    /// <summary>An estimator over the trials (by number, in trial order) usable on every one of the dimensions.</summary>
    private ParzenEstimator Estimator(IReadOnlyList<int> dimensions, int[] numbers, bool densityOnly)
    {
        var observations = new List<double[]>(numbers.Length);
        foreach (var number in numbers)
        {
            var coordinates = new double[dimensions.Count];
            var usable = true;
            for (var d = 0; d < dimensions.Count && usable; d++)
            {
                coordinates[d] = encoded!.Coordinate(dimensions[d], number);
                usable = !double.IsNaN(coordinates[d]);
            }

            // A trial from before the space changed (a value it can no longer take) says nothing about this space.
            if (usable)
            {
                observations.Add(coordinates);
            }
        }

        var kernels = dimensions.Select(d => encoded!.Dimensions[d]).ToList();
        return new ParzenEstimator(kernels, observations, TrialWeights.All(observations.Count), priorWeight, multivariate, densityOnly);
    }
}
