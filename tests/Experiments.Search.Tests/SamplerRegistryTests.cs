using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>The one list of search algorithms: names, options and how they are built.</summary>
public sealed class SamplerRegistryTests
{
    [Fact]
    public void Names_are_unique_lower_case_and_the_default_is_registered()
    {
        Assert.Equal(SamplerRegistry.Names.Count, SamplerRegistry.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(SamplerRegistry.Names, name => Assert.Matches("^[a-z][a-z0-9-]*$", name));
        Assert.NotNull(SamplerRegistry.Find(SamplerRegistry.DefaultName));
    }

    [Fact]
    public void Every_option_is_described_and_its_default_is_allowed()
    {
        foreach (var sampler in SamplerRegistry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(sampler.Summary), $"{sampler.Name} has no summary");
            Assert.Equal(sampler.Options.Count, sampler.Options.Select(o => o.Name).Distinct(StringComparer.Ordinal).Count());
            foreach (var option in sampler.Options)
            {
                Assert.DoesNotContain(option.Name, new[] { "algorithm", "seed" });
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{sampler.Name}.{option.Name} has no description");
                Assert.Null(option.Check(option.Default));
            }
        }
    }

    [Fact]
    public void Every_registered_sampler_is_in_the_conformance_suite()
    {
        var covered = SamplerCase.Names.Select(row => (string)row.Data).ToHashSet(StringComparer.Ordinal);

        Assert.All(SamplerRegistry.Names, name => Assert.Contains($"registry-{name}", covered));
    }

    [Fact]
    public void Unknown_names_and_options_are_refused_naming_them()
    {
        var unknown = Assert.Throws<ArgumentException>(() => SamplerRegistry.Create("hyperopt", SamplerSettings.Default(1)));
        Assert.Contains("'hyperopt'", unknown.Message, StringComparison.Ordinal);

        var settings = SamplerSettings.Default(1) with { Options = new AlgorithmOptions([new("startup_trials", ParameterValue.Int(3))]) };
        var option = Assert.Throws<ArgumentException>(() => SamplerRegistry.Create("random", settings));
        Assert.Contains("'startup_trials'", option.Message, StringComparison.Ordinal);
    }
}
