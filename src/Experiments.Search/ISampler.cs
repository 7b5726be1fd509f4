using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// Chooses the parameters of a trial. Implementations are pure functions of (seed and options, space, trial number,
/// history): the same inputs give the same parameters whatever the call order, because samplers are rebuilt from
/// persisted history after a restart and a trial may be asked for again. Adaptive samplers learn from the history's
/// completed trials and account for its running ones; the others ignore it.
/// </summary>
public interface ISampler
{
    /// <summary>Parameters for trial <paramref name="trialNumber"/> (0-based), one entry per parameter of <paramref name="space"/>.</summary>
    IReadOnlyDictionary<string, ParameterValue> Suggest(SearchSpace space, int trialNumber, IReadOnlyList<TrialObservation> history);

    /// <summary>How many distinct trials the sampler can produce, or null when unbounded.</summary>
    int? MaxTrials(SearchSpace space);
}
