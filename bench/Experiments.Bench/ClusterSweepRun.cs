namespace Experiments.Bench;

/// <summary>
/// One sweep of the cluster-overhead benchmark, submitted and followed through the REST API: when it was submitted
/// (this machine's clock, which the silos and workers share), its final state, when the 2-second poll saw it finished,
/// and every trial as the API lists them at the end.
/// </summary>
internal sealed record ClusterSweepRun(
    Guid SweepId,
    DateTimeOffset SubmittedAt,
    ClusterSweepState Final,
    double SecondsUntilSeenFinished,
    IReadOnlyList<ClusterTrial> Trials,
    bool ApiHasDispatchedAt,
    bool ApiHasAttemptStartedAt)
{
    /// <summary>Submit → the sweep's FinishedAt (its last trial's end, by the silo's clock).</summary>
    public double WallSeconds => Final.FinishedAt is { } finished ? (finished - SubmittedAt).TotalSeconds : SecondsUntilSeenFinished;
}
