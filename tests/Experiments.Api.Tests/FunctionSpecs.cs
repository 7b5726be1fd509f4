using System.Globalization;

namespace Experiments.Api.Tests;

/// <summary>Sweep specs of the function model (Branin): nothing trains and no libtorch is needed; the scripted workers report x1.</summary>
public static class FunctionSpecs
{
    /// <summary>A name no other test uses, so tests can share one host.</summary>
    public static string UniqueName(string purpose) => $"api-{purpose}-{Guid.NewGuid():N}"[..Math.Min(100, purpose.Length + 13)];

    public static string Branin(string name, int maxTrials = 4, int parallel = 2, int epochs = 2, string goal = "minimize", string scheduler = "", int seed = 7) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            name: {name}
            model: function
            dataset: branin
            objective:
              metric: value
              goal: {goal}
            budget:
              max_trials: {maxTrials}
              parallel: {parallel}
              epochs: {epochs}
            search:
              algorithm: random
              seed: {seed}
            {scheduler}
            parameters:
              x1: {"{"}type: uniform, min: -5, max: 10{"}"}
              x2: {"{"}type: uniform, min: 0, max: 15{"}"}

            """);
}
