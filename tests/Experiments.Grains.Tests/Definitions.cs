using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Grains.Sweeps;
using Experiments.Search;

namespace Experiments.Grains.Tests;

/// <summary>Sweep definitions for grain tests, built directly (spec parsing has its own tests).</summary>
public static class Definitions
{
    public static SweepDefinition Vae(int maxTrials, int parallel, int? maxFailed = null, string algorithm = "random", string? name = null) => new()
    {
        Name = name ?? $"grain-test-{Guid.NewGuid():N}"[..24],
        Model = "vae",
        Dataset = "mnist",
        ObjectiveMetric = "elbo",
        Goal = ObjectiveGoal.Maximize,
        MaxTrials = maxTrials,
        Parallel = parallel,
        MaxFailed = maxFailed,
        Epochs = 2,
        Sampler = algorithm,
        Seed = 11,
        Parameters =
        [
            new DistributionDefinition("learning_rate", DistributionType.LogUniform, 1e-4, 1e-2, true, 0, null, []),
            new DistributionDefinition("latent_dim", DistributionType.Choice, 0, 0, false, 0, null, [ParameterValue.Int(4), ParameterValue.Int(8), ParameterValue.Int(16)]),
        ],
        SpecText = "name: grain-test\n",
        SourceName = "grain-test.yaml",
        Fingerprint = $"fingerprint-{maxTrials}-{parallel}-{maxFailed}-{algorithm}",
    };
}
