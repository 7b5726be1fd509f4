namespace Experiments.Grains.Trials;

/// <summary>Trial ids are derived from the sweep and the trial number, so they are stable across restarts.</summary>
public static class TrialIds
{
    public static string For(Guid sweepId, int number) => $"{sweepId:N}-{number:D4}";
}
