namespace Experiments.Search;

/// <summary>Whether a trial goes on after the epoch it just reported, and if not, why (recorded with the pruned trial).</summary>
public sealed record SchedulerDecision(bool Stop, string? Reason)
{
    public static SchedulerDecision Continue { get; } = new(false, null);

    public static SchedulerDecision Prune(string reason) => new(true, reason);
}
