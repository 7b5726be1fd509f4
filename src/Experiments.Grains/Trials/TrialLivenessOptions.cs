namespace Experiments.Grains.Trials;

/// <summary>How sweeps notice trials whose worker went silent or whose grain lost its state (section <c>Experiments:Liveness</c>).</summary>
public sealed class TrialLivenessOptions
{
    public const string SectionName = "Experiments:Liveness";

    /// <summary>How often a running sweep checks its active trials.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A RUNNING attempt with no report and no heartbeat for this long is taken as lost: it is run again as a new
    /// attempt (workers send a heartbeat every few seconds, so this is several missed ones).
    /// </summary>
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lost attempts one trial may have before it is FAILED, when the spec sets no <c>max_failed</c>.</summary>
    public int MaxLostAttemptsPerTrial { get; set; } = 3;
}
