namespace Experiments.Tracking.Outbox;

/// <summary>What the outbox holds and how delivery goes, for summaries and health checks.</summary>
/// <param name="Pending">Items queued and not yet delivered (all folders this process delivers).</param>
/// <param name="PendingBytes">Their size on disk.</param>
/// <param name="Delivered">Items delivered by this process.</param>
/// <param name="Dropped">Items that could not even be queued (outbox full, or its disk failing).</param>
/// <param name="Rejected">Items MLflow refused for good, kept in <c>rejected.jsonl</c> of the folder.</param>
/// <param name="Folder">This process's outbox folder.</param>
/// <param name="Target">Where items go: the MLflow server's URL (no credentials) or the file store's path.</param>
/// <param name="LastError">Why the last delivery failed while the outage lasts; null while MLflow answers.</param>
public sealed record TrackingOutboxStatus(
    int Pending,
    long PendingBytes,
    long Delivered,
    long Dropped,
    long Rejected,
    string Folder,
    string Target,
    string? LastError);
