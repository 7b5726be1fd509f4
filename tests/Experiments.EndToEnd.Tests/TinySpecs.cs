using System.Globalization;

namespace Experiments.EndToEnd.Tests;

/// <summary>Specs small enough that each trial trains in seconds on a CPU.</summary>
public static class TinySpecs
{
    public static string Vae(string name, int maxTrials, int parallel, int epochs) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            name: {name}
            model: vae
            dataset: mnist
            objective:
              metric: elbo
              goal: maximize
            budget:
              max_trials: {maxTrials}
              parallel: {parallel}
              epochs: {epochs}
            search:
              algorithm: random
              seed: 11
            parameters:
              batch_size: {"{"}type: fixed, value: 128{"}"}
              base_channels: {"{"}type: fixed, value: 8{"}"}
              latent_dim: {"{"}type: choice, values: [4, 8]{"}"}
              learning_rate: {"{"}type: loguniform, min: 1.0e-3, max: 3.0e-3{"}"}

            """);
}
