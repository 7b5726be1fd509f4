namespace Experiments.Grains.Trials;

/// <summary>A trial's lifecycle; the names match MLflow's run statuses where they overlap.</summary>
public enum TrialStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Killed,

    /// <summary>Stopped early by the sweep's scheduler for doing worse than its peers (its MLflow run: KILLED, tagged <c>pruned</c>).</summary>
    Pruned,
}
