namespace Experiments.Bench;

/// <summary>A sweep as <c>GET /api/sweeps/{id}</c> shows it, the parts the cluster-overhead benchmark polls.</summary>
/// <param name="FinishedAt">When its last trial finished (silo's clock); null while it runs.</param>
internal sealed record ClusterSweepState(string Status, string? Reason, int Total, int Completed, int Running, int Pending, int Failed, DateTimeOffset? CreatedAt, DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is "COMPLETED" or "FAILED" or "INTERRUPTED";
}
