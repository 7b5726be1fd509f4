namespace Experiments.Search;

/// <summary>Where a trial stands, as far as samplers care.</summary>
public enum TrialOutcome
{
    Running,
    Completed,
    Failed,
    Killed,
    Pruned,
}
