namespace Experiments.Bench;

/// <summary>
/// What the cluster-overhead benchmark reads of one trial from <c>GET /api/sweeps/{id}/trials</c>. The attempt's dispatch
/// and start times are read by name from the JSON, so the benchmark builds and runs against an API without them.
/// </summary>
/// <param name="DispatchedAt">When the trial grain dispatched the current attempt (silo's clock); null when not sent.</param>
/// <param name="AttemptStartedAt">When a worker started the current attempt (worker's clock); null when not sent.</param>
internal sealed record ClusterTrial(
    int Number,
    string Status,
    int Attempt,
    int Epoch,
    string? WorkerHost,
    string? RunKey,
    DateTimeOffset? StartedAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? AttemptStartedAt,
    DateTimeOffset? FinishedAt);
