namespace Experiments.Grains.Trials;

/// <summary>How sweeps notice trials whose worker went silent or whose grain lost its state (section <c>Experiments:Liveness</c>).</summary>
public sealed class TrialLivenessOptions
{
    public const string SectionName = "Experiments:Liveness";

    /// <summary>How often a running sweep checks its active trials.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A RUNNING attempt with no report and no heartbeat for this long is taken as lost: it is run again as a new
    /// attempt, from its latest checkpoint (workers beat every 5 s, so this is four missed beats; with
    /// <see cref="CheckInterval"/> a lost trial is re-dispatched within 25 s).
    /// </summary>
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often a durable reminder wakes a running sweep, so that it goes on after its silo restarted (or its
    /// activation was collected) with no client calling it: its liveness checks resume and stuck trials move.
    /// Orleans refuses periods under a minute unless <c>Experiments:Reminders:MinimumReminderPeriod</c> allows them.
    /// </summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a sweep with trials waiting says so when no worker that could train them has announced itself within
    /// <see cref="WorkerSeenWithin"/> (off in <c>experiments run</c>, whose own slots take every trial).
    /// </summary>
    public bool ReportMissingWorkers { get; set; } = true;

    /// <summary>A worker not heard from for this long is taken as gone (workers announce themselves every 15 s).</summary>
    public TimeSpan WorkerSeenWithin { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Lost attempts one trial may have before it is FAILED, when the spec sets no <c>max_failed</c>.</summary>
    public int MaxLostAttemptsPerTrial { get; set; } = 3;
}
