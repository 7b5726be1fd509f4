using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Quasi-random search: trial n is point n of a Sobol' sequence with one dimension per varied parameter (in name
/// order), scrambled from the seed unless <c>scramble</c> is off. Covers the space more evenly than independent
/// draws for the same budget, which favours budgets of powers of two; ignores the history.
/// </summary>
public sealed class SobolSampler : ISampler
{
    public static readonly HyperparameterDescriptor Scramble = new(
        "scramble", ParameterKind.Bool, ParameterValue.Bool(true), "Scramble the sequence from the seed (random linear matrix and digital shift), so seeds give different, equally even designs.");

    public static SamplerDescriptor Descriptor { get; } = new(
        "sobol",
        "Scrambled Sobol' quasi-random sequence: independent of the history, more even than random draws.",
        [Scramble],
        settings => new SobolSampler(settings));

    private readonly long seed;
    private readonly bool scramble;

    public SobolSampler(SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        seed = settings.Seed;
        scramble = settings.Options.Bool(Scramble);
    }

    public IReadOnlyDictionary<string, ParameterValue> Suggest(SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(trialNumber);

        var values = new Dictionary<string, ParameterValue>(space.Parameters.Count, StringComparer.Ordinal);
        var varied = new List<ParameterDefinition>();
        foreach (var parameter in space.Parameters)
        {
            if (parameter.Distribution is FixedDistribution fixedValue)
            {
                values[parameter.Name] = fixedValue.Value;
            }
            else
            {
                varied.Add(parameter);
            }
        }

        varied.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        if (varied.Count > SobolSequence.MaxDimensions)
        {
            throw new InvalidOperationException($"Sobol' search covers at most {SobolSequence.MaxDimensions} parameters; this space varies {varied.Count}.");
        }

        var sequence = new SobolSequence(varied.Count, scramble ? StableRandom.ForParameter(seed, 0, "sobol:scramble") : null);
        for (var d = 0; d < varied.Count; d++)
        {
            values[varied[d].Name] = At(varied[d].Distribution, sequence.Coordinate(trialNumber, d));
        }

        // Every parameter has a coordinate, so a point's others do not move when a condition switches one off.
        return space.Active(values);
    }

    public int? MaxTrials(SearchSpace space) => null;

    /// <summary>The value at quantile <paramref name="u"/> in [0, 1) of the distribution (as its Sample draws them).</summary>
    private static ParameterValue At(Distribution distribution, double u) => distribution switch
    {
        UniformDistribution { StepCount: { } count } d => d.GridValueAt(Math.Min((long)(u * count), count - 1)),
        UniformDistribution d => ParameterValue.Float(Math.Min(d.Low + (u * (d.High - d.Low)), d.High)),
        LogUniformDistribution d => ParameterValue.Float(Math.Clamp(Math.Exp(Math.Log(d.Low) + (u * (Math.Log(d.High) - Math.Log(d.Low)))), d.Low, d.High)),
        IntDistribution { Log: true } d => ParameterValue.Int(Math.Clamp(
            (long)Math.Round(Math.Exp(Math.Log(d.Low - 0.5) + (u * (Math.Log(d.High + 0.5) - Math.Log(d.Low - 0.5)))), MidpointRounding.AwayFromZero), d.Low, d.High)),
        IntDistribution d => ParameterValue.Int(d.Low + (Math.Min((long)(u * d.Count), d.Count - 1) * d.Step)),
        ChoiceDistribution d => d.Values[Math.Min((int)(u * d.Values.Count), d.Values.Count - 1)],
        _ => throw new NotSupportedException($"Sobol' search cannot place {distribution.Describe()}."),
    };
}
