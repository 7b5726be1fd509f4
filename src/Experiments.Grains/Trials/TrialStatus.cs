namespace Experiments.Grains.Trials;

/// <summary>A trial's lifecycle; the names match MLflow's run statuses where they overlap.</summary>
public enum TrialStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Killed,
}
