namespace Experiments.Tracking.Outbox;

/// <summary>The local outbox every MLflow write goes through, bound from the <c>Tracking:Outbox</c> section.</summary>
public sealed class TrackingOutboxOptions
{
    public const string SectionName = "Tracking:Outbox";

    /// <summary>
    /// Folder of the outbox. Each process claims a numbered sub-folder (0, 1, ...) and also delivers what processes
    /// before it left in the others. Relative paths resolve against the current directory.
    /// </summary>
    public string Directory { get; set; } = Path.Combine(".experiments", "outbox");

    /// <summary>Bound on undelivered data per process; beyond it new items are dropped (and counted) rather than fill the disk.</summary>
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>Size at which the journal starts a new segment file; delivered segments are deleted.</summary>
    public long SegmentBytes { get; set; } = 16L << 20;

    /// <summary>First delay after a failed delivery; it doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the back-off: during an outage MLflow is tried at least this often, for as long as it takes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping process keeps delivering before it leaves the rest for the next one.</summary>
    public TimeSpan DrainOnStop { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long to wait for a run that another process queued (a sweep's parent run, for a remote worker) to appear in
    /// MLflow before a child is created without its parent link, or an update for it is set aside.
    /// </summary>
    public TimeSpan UnknownRunTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
