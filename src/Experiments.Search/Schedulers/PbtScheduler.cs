using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// <c>scheduler: pbt</c>, population-based training (Jaderberg et al. 2017, asynchronous as Ray Tune runs it): at
/// every <c>interval</c>-th epoch (a boundary), a trial among the worst <c>quantile</c> of the trials that reached that
/// boundary, compared there (judged again at each report until the next boundary, as more trials reach it)
/// <i>exploits</i> one of the best <c>quantile</c> (chosen at random): it continues from that trial's latest
/// checkpoint with its parameters, <i>explored</i>: each parameter named in <c>mutations</c> (every float parameter
/// when none are named) is resampled with probability <c>resample_probability</c>, else multiplied or divided by
/// <c>perturbation</c> (a choice moves to a neighbouring value), within its bounds. Parameters not mutated are the
/// donor's, so the checkpoint fits (an architecture size must not be mutated). Decisions are seeded by the sweep's
/// seed, the trial and the epoch, so they repeat.
/// </summary>
public sealed class PbtScheduler : IScheduler
{
    public static readonly HyperparameterDescriptor Interval = new(
        "interval", ParameterKind.Int, ParameterValue.Int(2), "Epochs between two chances to exploit (Ray Tune's perturbation_interval).", Min: 1, Max: 100_000);

    public static readonly HyperparameterDescriptor Quantile = new(
        "quantile", ParameterKind.Float, ParameterValue.Float(0.25), "Fraction of the population that exploits (the worst) and that is exploited (the best).", Min: 0.01, Max: 0.5);

    public static readonly HyperparameterDescriptor ResampleProbability = new(
        "resample_probability", ParameterKind.Float, ParameterValue.Float(0.25), "Chance that a mutated parameter is drawn afresh from its distribution instead of perturbed.", Min: 0, Max: 1);

    public static readonly HyperparameterDescriptor Perturbation = new(
        "perturbation", ParameterKind.Float, ParameterValue.Float(1.2), "Factor a perturbed number is multiplied or divided by (at random).", Min: 1.0001, Max: 10);

    public static readonly HyperparameterDescriptor Mutations = new(
        "mutations", ParameterKind.Text, ParameterValue.Of(string.Empty), "Comma-separated parameters PBT may change; empty: every float parameter.");

    public static SchedulerDescriptor Descriptor { get; } = new(
        "pbt",
        "Population-based training: every interval epochs the worst trials continue from a best trial's checkpoint with its parameters perturbed.",
        [Interval, Quantile, ResampleProbability, Perturbation, Mutations],
        settings => new PbtScheduler(settings));

    private readonly SchedulerSettings settings;
    private readonly int interval;
    private readonly double quantile;
    private readonly double resample;
    private readonly double factor;
    private readonly IReadOnlySet<string> mutations;

    public PbtScheduler(SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        interval = (int)settings.Options.Int(Interval);
        quantile = settings.Options.Float(Quantile);
        resample = settings.Options.Float(ResampleProbability);
        factor = settings.Options.Float(Perturbation);
        mutations = MutatedParameters(settings.Options.Text(Mutations), settings.Space);
    }

    /// <summary>The parameters named in <paramref name="option"/>, or every float parameter of the space when it names none.</summary>
    public static IReadOnlySet<string> MutatedParameters(string option, SearchSpace? space)
    {
        var named = option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return named.Length > 0
            ? named.ToHashSet(StringComparer.Ordinal)
            : (space?.Parameters ?? []).Where(p => p.Distribution is UniformDistribution or LogUniformDistribution).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    public SchedulerDecision Decide(TrialCurve trial, IReadOnlyList<TrialCurve> others)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(others);
        // The boundary this report falls in. Trials report one after the other, so the first to reach a boundary is
        // judged again at its next reports, as the others reach it; once it took another's state there, never again.
        var epoch = trial.Values.Count / interval * interval;
        if (epoch == 0 || epoch >= settings.MaxEpochs || trial.InheritedAt >= epoch || !IsFinite(trial.At(epoch)))
        {
            return SchedulerDecision.Continue;
        }

        // The population at the boundary: trials that reached it and did not fail; best first, ties by number.
        var population = others
            .Where(t => t.Outcome is TrialOutcome.Running or TrialOutcome.Completed or TrialOutcome.Pruned && IsFinite(t.At(epoch)))
            .Append(trial)
            .OrderBy(t => settings.Sign * t.At(epoch)!.Value)
            .ThenBy(t => t.Number)
            .ToList();
        var share = (int)Math.Floor(population.Count * quantile);
        if (share < 1 || population.Skip(population.Count - share).All(t => t.Number != trial.Number))
        {
            return SchedulerDecision.Continue;
        }

        var donors = population.Take(share).Where(t => t.Outcome != TrialOutcome.Pruned && t.Number != trial.Number).ToList();
        if (donors.Count == 0)
        {
            return SchedulerDecision.Continue;
        }

        var random = StableRandom.ForParameter(settings.Seed, trial.Number, string.Create(CultureInfo.InvariantCulture, $"pbt:{epoch}"));
        var donor = donors[random.Next(donors.Count)];
        var (parameters, changes) = Explore(donor.Parameters, random);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"pbt at epoch {epoch}: {trial.At(epoch):G6} is among the worst {share} of {population.Count}; continues from trial {donor.Number} ({donor.At(epoch):G6} at epoch {epoch}){(changes.Count > 0 ? $" with {string.Join(", ", changes)}" : string.Empty)}");
        return SchedulerDecision.Exploit(donor.Number, epoch, parameters, reason);
    }

    /// <summary>The donor's parameters with the mutable ones resampled or perturbed, and what changed ("lr 0.01 -> 0.012").</summary>
    private (IReadOnlyDictionary<string, ParameterValue> Parameters, List<string> Changes) Explore(IReadOnlyDictionary<string, ParameterValue> donor, Random random)
    {
        var values = new Dictionary<string, ParameterValue>(donor, StringComparer.Ordinal);
        var changes = new List<string>();
        if (settings.Space is not { } space)
        {
            return (values, changes);
        }

        foreach (var parameter in space.Parameters)
        {
            if (!values.TryGetValue(parameter.Name, out var before))
            {
                // Switched on by a mutated parent below, or never set: drawn afresh.
                continue;
            }

            if (!mutations.Contains(parameter.Name) || parameter.Distribution is FixedDistribution)
            {
                continue;
            }

            var after = random.NextDouble() < resample ? parameter.Distribution.Sample(random) : Perturb(parameter, before, random);
            if (after != before)
            {
                values[parameter.Name] = after;
                changes.Add($"{parameter.Name} {before} -> {after}");
            }
        }

        // A parent that moved may switch children on (drawn afresh) or off.
        foreach (var parameter in space.Parameters.Where(p => p.IsConditional && !values.ContainsKey(p.Name)))
        {
            values[parameter.Name] = parameter.Distribution.Sample(random);
        }

        return (space.Active(values), changes);
    }

    private ParameterValue Perturb(ParameterDefinition parameter, ParameterValue value, Random random)
    {
        var up = random.NextDouble() < 0.5;
        if (parameter.Distribution is ChoiceDistribution choice)
        {
            var index = choice.Values.ToList().FindIndex(v => v == value);
            return index < 0 ? choice.Sample(random) : choice.Values[Math.Clamp(index + (up ? 1 : -1), 0, choice.Values.Count - 1)];
        }

        if (SearchDimension.For(parameter) is not NumericDimension dimension || value.Kind is not (ParameterKind.Float or ParameterKind.Int))
        {
            return value;
        }

        var moved = up ? value.Number * factor : value.Number / factor;
        var log = parameter.Distribution is LogUniformDistribution or IntDistribution { Log: true };
        var perturbed = dimension.Decode(log ? Math.Log(Math.Max(moved, double.Epsilon)) : moved);
        if (perturbed == value && parameter.Distribution is IntDistribution ints)
        {
            // Small integers do not move by a factor of 1.2: take one step instead.
            var stepped = value.Number + (up ? ints.Step : -ints.Step);
            return stepped >= ints.Low && stepped <= ints.High ? ParameterValue.Int((long)stepped) : value;
        }

        return perturbed;
    }

    private static bool IsFinite(double? value) => value is { } v && double.IsFinite(v);
}
