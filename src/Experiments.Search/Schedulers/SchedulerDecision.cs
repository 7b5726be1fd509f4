using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// What happens to a trial after the epoch it just reported: it goes on, it stops (with the reason recorded with the
/// pruned trial), or (PBT) it goes on from a better trial's state with new parameters.
/// </summary>
public sealed record SchedulerDecision(bool Stop, string? Reason)
{
    public static SchedulerDecision Continue { get; } = new(false, null);

    /// <summary>For an exploit: the trial whose latest state (checkpoint) this one continues from.</summary>
    public int? Donor { get; init; }

    /// <summary>For an exploit: the parameters it trains with from now on (the donor's, perturbed).</summary>
    public IReadOnlyDictionary<string, ParameterValue>? Parameters { get; init; }

    /// <summary>For an exploit: the epoch of the decision; the trial continues from the donor's state at or after it.</summary>
    public int? Epoch { get; init; }

    public bool Exploits => Donor is not null;

    public static SchedulerDecision Prune(string reason) => new(true, reason);

    public static SchedulerDecision Exploit(int donor, int epoch, IReadOnlyDictionary<string, ParameterValue> parameters, string reason) =>
        new(false, reason) { Donor = donor, Epoch = epoch, Parameters = parameters };

    public bool Equals(SchedulerDecision? other) =>
        other is not null && Stop == other.Stop && Reason == other.Reason && Donor == other.Donor && Epoch == other.Epoch
        && (Parameters is null ? other.Parameters is null
            : other.Parameters is not null && Parameters.Count == other.Parameters.Count
              && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var value) && value == p.Value));

    public override int GetHashCode() => HashCode.Combine(Stop, Reason, Donor);
}
