using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Grains.Sweeps;

namespace Experiments.Grains.Tests;

/// <summary>Definitions name their sampler; those persisted before names existed keep the algorithm they started with.</summary>
public sealed class SweepDefinitionAlgorithmTests
{
    [Theory]
    [InlineData(LegacySearchAlgorithm.Random, "random")]
    [InlineData(LegacySearchAlgorithm.Grid, "grid")]
    public void A_definition_persisted_before_sampler_names_keeps_its_algorithm(LegacySearchAlgorithm legacy, string expected)
    {
        var old = Definitions.Vae(maxTrials: 4, parallel: 1) with { Sampler = null, SamplerOptions = null, LegacyAlgorithm = legacy };

        Assert.Equal(expected, old.Algorithm);
        Assert.Empty(old.SamplerSettings(5).Options.Explicit);
    }

    [Fact]
    public void A_stepped_float_survives_the_persisted_form()
    {
        var definition = Definitions.Vae(maxTrials: 4, parallel: 1) with
        {
            Parameters = [new DistributionDefinition("beta", DistributionType.Uniform, 0.5, 1.5, false, 0, null, [], FloatStep: 0.25)],
        };

        Assert.Equal(new Search.UniformDistribution(0.5, 1.5, Step: 0.25), definition.ToSearchSpace().Find("beta")!.Distribution);
    }

    [Fact]
    public void The_sampler_is_built_from_the_seed_the_goal_and_the_options_the_spec_set()
    {
        var definition = Definitions.Vae(maxTrials: 4, parallel: 1, algorithm: "grid") with
        {
            LegacyAlgorithm = LegacySearchAlgorithm.Random,
            SamplerOptions = new Dictionary<string, ParameterValue> { ["example"] = ParameterValue.Int(3) },
        };

        var settings = definition.SamplerSettings(9);

        Assert.Equal("grid", definition.Algorithm);
        Assert.Equal(9, settings.Seed);
        Assert.Equal(ObjectiveGoal.Maximize, settings.Goal);
        Assert.Equal(ParameterValue.Int(3), settings.Options.Explicit["example"]);
    }
}
