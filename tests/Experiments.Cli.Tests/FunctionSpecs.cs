using System.Globalization;

namespace Experiments.Cli.Tests;

/// <summary>Sweep specs of the function model (Branin): nothing trains and libtorch is never loaded; epochs take <c>seconds_per_epoch</c>.</summary>
public static class FunctionSpecs
{
    /// <summary>A name no other test uses, so tests can share one cluster.</summary>
    public static string UniqueName(string purpose) => $"cli-{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 17)];

    public static string Branin(string name, int maxTrials = 4, int parallel = 2, int epochs = 2, double secondsPerEpoch = 0.05) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            name: {{name}}
            model: function
            dataset: branin
            objective: {metric: value, goal: minimize}
            budget: {max_trials: {{maxTrials}}, parallel: {{parallel}}, epochs: {{epochs}}}
            search: {algorithm: random, seed: 7}
            parameters:
              x1: {type: uniform, min: -5, max: 10}
              x2: {type: uniform, min: 0, max: 15}
              seconds_per_epoch: {{secondsPerEpoch}}

            """);

    /// <summary>Writes <paramref name="spec"/> as <paramref name="fileName"/> in <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder, string spec, string fileName = "sweep.yaml")
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, spec);
        return path;
    }
}
