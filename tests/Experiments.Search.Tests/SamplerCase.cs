using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>
/// One sampler under conformance test: how to build it from a seed and a search space it supports
/// (grid search only accepts discrete spaces).
/// </summary>
public sealed record SamplerCase(string Name, Func<long, ISampler> Create, SearchSpace Space, bool IgnoresHistory = true)
{
    public override string ToString() => Name;

    public static SearchSpace MixedSpace { get; } = new(
    [
        new("learning_rate", new LogUniformDistribution(1e-4, 3e-3)),
        new("beta", new UniformDistribution(0.5, 1.5)),
        new("latent_dim", new IntDistribution(4, 32, Log: true)),
        new("base_channels", new IntDistribution(8, 64, Log: false, Step: 8)),
        new("batch_size", new ChoiceDistribution([ParameterValue.Int(64), ParameterValue.Int(128), ParameterValue.Int(256)])),
        new("activation", new ChoiceDistribution([ParameterValue.Of("relu"), ParameterValue.Of("gelu")])),
        new("use_bias", new ChoiceDistribution([ParameterValue.Bool(true), ParameterValue.Bool(false)])),
        new("weight_decay", new FixedDistribution(ParameterValue.Float(0))),
        new("dropout", new UniformDistribution(0, 0.5, Step: 0.1)),
    ]);

    /// <summary>Every parameter discrete; 4 * 3 * 5 * 3 * 2 * 1 * 4 = 1,440 points.</summary>
    public static SearchSpace DiscreteSpace { get; } = new(
    [
        new("learning_rate", new LogUniformDistribution(1e-4, 1e-2, GridPoints: 4)),
        new("beta", new UniformDistribution(0.5, 1.5, GridPoints: 3)),
        new("latent_dim", new IntDistribution(4, 8, Log: true)),
        new("base_channels", new IntDistribution(8, 24, Log: false, Step: 8)),
        new("activation", new ChoiceDistribution([ParameterValue.Of("relu"), ParameterValue.Of("gelu")])),
        new("weight_decay", new FixedDistribution(ParameterValue.Float(0))),
        new("dropout", new UniformDistribution(0, 0.3, Step: 0.1)),
    ]);

    public const int DiscreteSpaceSize = 4 * 3 * 5 * 3 * 2 * 1 * 4;

    private static readonly SamplerCase[] Cases =
    [
        new("random", seed => new RandomSampler(seed), MixedSpace),
        new("random-on-discrete", seed => new RandomSampler(seed), DiscreteSpace),
        new("grid", seed => new GridSampler(seed), DiscreteSpace),
        new("registry-random", seed => SamplerRegistry.Create("random", SamplerSettings.Default(seed)), MixedSpace),
        new("registry-grid", seed => SamplerRegistry.Create("grid", SamplerSettings.Default(seed)), DiscreteSpace),
        new("registry-tpe", seed => SamplerRegistry.Create("tpe", Tpe(seed)), MixedSpace, IgnoresHistory: false),
        new("tpe-multivariate", seed => SamplerRegistry.Create("tpe", Tpe(seed, ("multivariate", ParameterValue.Bool(true)))), MixedSpace, IgnoresHistory: false),
        new("tpe-on-discrete", seed => SamplerRegistry.Create("tpe", Tpe(seed)), DiscreteSpace, IgnoresHistory: false),
        new("registry-cmaes", seed => SamplerRegistry.Create("cmaes", SamplerSettings.Default(seed) with { Options = new AlgorithmOptions([KeyValuePair.Create("population", ParameterValue.Int(6))]) }), MixedSpace, IgnoresHistory: false),
        new("cmaes-on-discrete", seed => SamplerRegistry.Create("cmaes", SamplerSettings.Default(seed)), DiscreteSpace, IgnoresHistory: false),
        new("registry-sobol", seed => SamplerRegistry.Create("sobol", SamplerSettings.Default(seed)), MixedSpace),
        new("sobol-on-discrete", seed => SamplerRegistry.Create("sobol", SamplerSettings.Default(seed)), DiscreteSpace),
        new("tpe-without-liar", seed => SamplerRegistry.Create("tpe", Tpe(seed, ("constant_liar", ParameterValue.Bool(false)))), MixedSpace, IgnoresHistory: false),
        new("registry-gp", seed => SamplerRegistry.Create("gp", Gp(seed)), MixedSpace, IgnoresHistory: false),
        new("gp-on-discrete", seed => SamplerRegistry.Create("gp", Gp(seed)), DiscreteSpace, IgnoresHistory: false),
        new("gp-without-warping", seed => SamplerRegistry.Create("gp", Gp(seed, ("warp_objective", ParameterValue.Bool(false)))), MixedSpace, IgnoresHistory: false),
    ];

    /// <summary>TPE leaving its random start after a few trials, so the suites exercise its estimators.</summary>
    private static SamplerSettings Tpe(long seed, params (string Name, ParameterValue Value)[] options) =>
        SamplerSettings.Default(seed) with
        {
            Options = new AlgorithmOptions(options.Select(o => KeyValuePair.Create(o.Name, o.Value)).Append(KeyValuePair.Create("startup_trials", ParameterValue.Int(5)))),
        };

    /// <summary>The Gaussian process after a short start, so the suites exercise its model; candidates kept few for speed.</summary>
    private static SamplerSettings Gp(long seed, params (string Name, ParameterValue Value)[] options) =>
        SamplerSettings.Default(seed) with
        {
            Options = new AlgorithmOptions(options.Select(o => KeyValuePair.Create(o.Name, o.Value))
                .Append(KeyValuePair.Create("startup_trials", ParameterValue.Int(5)))
                .Append(KeyValuePair.Create("candidates", ParameterValue.Int(64)))),
        };

    /// <summary>Case names (serialisable, so every case shows up as its own test).</summary>
    public static TheoryData<string> Names { get; } = new(Cases.Select(c => c.Name));

    public static SamplerCase Get(string name) => Cases.Single(c => c.Name == name);
}
