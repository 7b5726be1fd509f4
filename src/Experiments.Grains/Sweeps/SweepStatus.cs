namespace Experiments.Grains.Sweeps;

public enum SweepStatus
{
    /// <summary>Never started.</summary>
    None,
    Running,
    Completed,

    /// <summary>More trials failed than the budget's max_failed allows.</summary>
    Failed,

    /// <summary>Stopped by the user (Ctrl-C or stop); running the same spec again resumes it.</summary>
    Interrupted,
}
