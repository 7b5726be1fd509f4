namespace Experiments.Tracking;

/// <summary>Lifecycle state of a tracked run, mirroring MLflow's <c>RunStatus</c>.</summary>
public enum RunStatus
{
    Running,
    Scheduled,
    Finished,
    Failed,
    Killed,
}
