namespace Experiments.Grains.Tests;

/// <summary>Finds a grain's state file in a state folder by its readable prefix (grain type and key).</summary>
public static class StateFiles
{
    public static string Experiment(string stateDirectory) => Single(stateDirectory, "experiment_");

    public static string Sweep(string stateDirectory, Guid sweepId) => Single(stateDirectory, $"sweep_{sweepId:N}_sweep.");

    /// <summary>The pages of finished trials stored beside a sweep's state (sweep-page-N).</summary>
    public static string[] SweepPages(string stateDirectory, Guid sweepId) => Directory.GetFiles(stateDirectory, $"sweep_{sweepId:N}_sweep-page-*.state");

    public static string Trial(string stateDirectory, string trialId) => Single(stateDirectory, $"trial_{trialId}");

    public static string[] Temporary(string stateDirectory) => Directory.GetFiles(stateDirectory, "*.tmp");

    private static string Single(string stateDirectory, string prefix) =>
        Directory.GetFiles(stateDirectory, $"{prefix}*.state").Single();
}
