using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// CMA-ES over the numeric parameters (floats, log-scaled ones, integers by rounding), in the unit cube of their
/// ranges. Trial n belongs to generation n / population; the state for a generation is rebuilt by replaying every
/// earlier generation's completed trials in order (failed, pruned and still running members are left out, and a
/// generation with fewer than two completed members changes nothing), so a restarted sweep proposes the same
/// trials. With <c>restarts</c>, a search that has collapsed or diverged starts again from a random mean.
/// Choice parameters, and numeric ones that exist only under conditions, are drawn as random search draws them (as
/// Optuna's CMA-ES samples outside the space every trial shares).
/// </summary>
public sealed class CmaEsSampler : ISampler
{
    public static readonly HyperparameterDescriptor Population = new(
        "population", ParameterKind.Int, ParameterValue.Int(0), "Trials per generation; 0: 4 + 3 ln(number of numeric parameters), the standard size.", Min: 0, Max: 10_000);

    public static readonly HyperparameterDescriptor Sigma0 = new(
        "sigma0", ParameterKind.Float, ParameterValue.Float(1.0 / 6), "Initial step size as a fraction of each parameter's range.", Min: 1e-6, Max: 1);

    public static readonly HyperparameterDescriptor Restarts = new(
        "restarts", ParameterKind.Bool, ParameterValue.Bool(true), "Start again from a random mean when the search collapses or diverges.");

    public static SamplerDescriptor Descriptor { get; } = new(
        "cmaes",
        "Covariance Matrix Adaptation Evolution Strategy: adapts a Gaussian search distribution generation by generation.",
        [Population, Sigma0, Restarts],
        settings => new CmaEsSampler(settings));

    private readonly SamplerSettings settings;
    private readonly RandomSampler independent;
    private readonly int population;
    private readonly double sigma0;
    private readonly bool restarts;

    // Replaying every generation for every suggestion costs O(trials · d²); the generations before the newest rarely
    // change between suggestions, so the state after each is kept with the trials it was built from and reused while
    // they are the same (the answer is unchanged: a cache of a pure function, for one sampler instance).
    private readonly Lock replayLock = new();
    private readonly List<(TrialObservation[] Members, CmaEsState After)> replayed = [];
    private string? replayedSpace;

    public CmaEsSampler(SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        independent = new RandomSampler(settings.Seed);
        population = (int)settings.Options.Int(Population);
        sigma0 = settings.Options.Float(Sigma0);
        restarts = settings.Options.Bool(Restarts);
    }

    public IReadOnlyDictionary<string, ParameterValue> Suggest(SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(trialNumber);

        // Name order, so the search does not depend on declaration order.
        var numeric = space.Parameters
            .Where(p => !p.IsConditional)
            .Select(SearchDimension.For)
            .OfType<NumericDimension>()
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        // Every parameter drawn, whatever the conditions: CMA-ES may move a parent, and the conditions apply at the end.
        var values = new Dictionary<string, ParameterValue>(independent.Suggest(space.WithoutConditions(), trialNumber, history), StringComparer.Ordinal);

        var size = population > 0 ? population : 4 + (int)Math.Floor(3 * Math.Log(numeric.Count));
        var state = Replay(numeric, size, trialNumber / size, history);
        var point = state.Sample(StableRandom.ForParameter(settings.Seed, trialNumber, "cmaes"));
        for (var d = 0; d < numeric.Count; d++)
        {
            values[numeric[d].Name] = numeric[d].Decode(numeric[d].Low + (point[d] * (numeric[d].High - numeric[d].Low)));
        }

        return space.Active(values);
    }

    public int? MaxTrials(SearchSpace space) => null;

    private CmaEsState Replay(List<NumericDimension> numeric, int size, int generation, IReadOnlyList<TrialObservation> history)
    {
        // The earlier generations' completed members in trial order, from one pass over the history; generation g's
        // are completed[starts[g]..starts[g + 1]).
        var completed = new List<TrialObservation>(history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            var trial = history[i];
            if (trial.Outcome == TrialOutcome.Completed && trial.Objective is { } value && double.IsFinite(value) && trial.Number / size < generation)
            {
                completed.Add(trial);
            }
        }

        for (var i = 1; i < completed.Count; i++)
        {
            if (completed[i - 1].Number > completed[i].Number)
            {
                completed.Sort((a, b) => a.Number.CompareTo(b.Number));
                break;
            }
        }

        var starts = new int[generation + 1];
        for (int g = 1, at = 0; g <= generation; g++)
        {
            while (at < completed.Count && completed[at].Number / size < g)
            {
                at++;
            }

            starts[g] = at;
        }

        var members = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(completed);
        var space = string.Join(';', numeric.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name}:{d.Low:R}:{d.High:R}:{d.Bin:R}"))) + $"|{size}";
        lock (replayLock)
        {
            if (replayedSpace != space)
            {
                replayed.Clear();
                replayedSpace = space;
            }

            var reused = 0;
            while (reused < generation && reused < replayed.Count && SameMembers(replayed[reused].Members, members[starts[reused]..starts[reused + 1]]))
            {
                reused++;
            }

            replayed.RemoveRange(reused, replayed.Count - reused);
            var state = reused > 0 ? replayed[reused - 1].After.Clone() : new CmaEsState(Enumerable.Repeat(0.5, numeric.Count).ToArray(), sigma0);
            var sign = settings.Goal == ObjectiveGoal.Maximize ? -1 : 1;
            for (var g = reused; g < generation; g++)
            {
                var generationMembers = members[starts[g]..starts[g + 1]].ToArray();
                var solutions = generationMembers
                    .OrderBy(t => sign * t.Objective!.Value)
                    .ThenBy(t => t.Number)
                    .Select(t => Encode(numeric, t))
                    .OfType<double[]>()
                    .ToList();
                if (solutions.Count >= 2)
                {
                    state.Update(solutions, size);
                    if (restarts && state.Stagnated)
                    {
                        var random = StableRandom.ForParameter(settings.Seed, g, "cmaes:restart");
                        state = new CmaEsState(numeric.Select(_ => random.NextDouble()).ToArray(), sigma0);
                    }
                }

                replayed.Add((generationMembers, state.Clone()));
            }

            return state;
        }
    }

    /// <summary>Whether a kept generation was built from these members: the same trials, outcomes and parameters objects.</summary>
    private static bool SameMembers(TrialObservation[] kept, ReadOnlySpan<TrialObservation> current)
    {
        if (kept.Length != current.Length)
        {
            return false;
        }

        for (var i = 0; i < kept.Length; i++)
        {
            var (before, now) = (kept[i], current[i]);
            if (before.Number != now.Number || before.Objective != now.Objective || !ReferenceEquals(before.Parameters, now.Parameters))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The trial's numeric values in the unit cube, or null when one is missing or no longer in range.</summary>
    private static double[]? Encode(List<NumericDimension> numeric, TrialObservation trial)
    {
        var point = new double[numeric.Count];
        for (var d = 0; d < numeric.Count; d++)
        {
            if (!trial.Parameters.TryGetValue(numeric[d].Name, out var value) || !numeric[d].TryEncode(value, out var coordinate))
            {
                return null;
            }

            point[d] = (coordinate - numeric[d].Low) / (numeric[d].High - numeric[d].Low);
        }

        return point;
    }
}
