using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Independent draws from every parameter's distribution. Each (trial, parameter) pair gets its own
/// generator derived from the seed, so results ignore history, call order and parameter order.
/// </summary>
public sealed class RandomSampler(long seed) : ISampler
{
    public static SamplerDescriptor Descriptor { get; } = new(
        "random",
        "Independent uniform draws from every parameter's distribution (log-uniform where declared).",
        [],
        settings => new RandomSampler(settings.Seed));

    public long Seed { get; } = seed;

    public IReadOnlyDictionary<string, ParameterValue> Suggest(
        SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(trialNumber);

        var values = new Dictionary<string, ParameterValue>(space.Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in space.Parameters)
        {
            var random = StableRandom.ForParameter(Seed, trialNumber, parameter.Name);
            values[parameter.Name] = parameter.Distribution.Sample(random);
        }

        return space.Active(values);
    }

    public int? MaxTrials(SearchSpace space) => null;
}
