using Experiments.Search;
using Experiments.Specs;

namespace Experiments.Grains.Sweeps;

/// <summary>Converts between the parsed spec, the persisted definition and the Search library's types.</summary>
public static class SweepDefinitionMapping
{
    public static SweepDefinition ToDefinition(this SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new SweepDefinition
        {
            Name = spec.Name,
            Model = spec.Model,
            Dataset = spec.Dataset,
            ObjectiveMetric = spec.Objective.Metric,
            Goal = spec.Objective.Goal,
            MaxTrials = spec.Budget.MaxTrials,
            Parallel = spec.Budget.Parallel,
            MaxFailed = spec.Budget.MaxFailed,
            Epochs = spec.Budget.Epochs,
            Sampler = spec.Search.Algorithm,
            SamplerOptions = spec.Search.Options.Explicit.ToDictionary(StringComparer.Ordinal),
            Seed = spec.Search.Seed,
            Parameters = spec.Parameters.Parameters.Select(ToDefinition).ToList(),
            SpecText = spec.SourceText,
            SourceName = spec.SourceName,
            Fingerprint = spec.Fingerprint,
            Checkpoints = spec.Checkpoints,
            Curriculum = spec.Curriculum,
            Scheduler = spec.Scheduler.Name == SchedulerRegistry.DefaultName ? null : spec.Scheduler.Name,
            SchedulerOptions = spec.Scheduler.Options.Explicit.ToDictionary(StringComparer.Ordinal),
            Program = spec.Program,
            Resources = spec.Resources,
        };
    }

    public static SearchSpace ToSearchSpace(this SweepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new SearchSpace(definition.Parameters
            .Select(p => new ParameterDefinition(p.Name, ToDistribution(p)) { When = p.When?.Select(c => new ParameterCondition(c.Parent, c.Values)).ToList() ?? [] })
            .ToList());
    }

    private static DistributionDefinition ToDefinition(ParameterDefinition parameter) => DistributionOf(parameter) with
    {
        When = parameter.IsConditional ? parameter.When.Select(c => new ConditionDefinition(c.Parent, c.Values.ToList())).ToList() : null,
    };

    private static DistributionDefinition DistributionOf(ParameterDefinition parameter) => parameter.Distribution switch
    {
        UniformDistribution u => new(parameter.Name, DistributionType.Uniform, u.Low, u.High, false, 0, u.GridPoints, [], u.Step),
        LogUniformDistribution l => new(parameter.Name, DistributionType.LogUniform, l.Low, l.High, true, 0, l.GridPoints, []),
        IntDistribution i => new(parameter.Name, DistributionType.Int, i.Low, i.High, i.Log, i.Step, null, []),
        ChoiceDistribution c => new(parameter.Name, DistributionType.Choice, 0, 0, false, 0, null, c.Values.ToList()),
        FixedDistribution f => new(parameter.Name, DistributionType.Fixed, 0, 0, false, 0, null, [f.Value]),
        var other => throw new NotSupportedException($"Distribution {other.GetType().Name} of '{parameter.Name}' has no persisted form."),
    };

    private static Distribution ToDistribution(DistributionDefinition p) => p.Type switch
    {
        DistributionType.Uniform => new UniformDistribution(p.Low, p.High, p.GridPoints, p.FloatStep),
        DistributionType.LogUniform => new LogUniformDistribution(p.Low, p.High, p.GridPoints),
        DistributionType.Int => new IntDistribution((long)p.Low, (long)p.High, p.Log, p.Step),
        DistributionType.Choice => new ChoiceDistribution(p.Values),
        DistributionType.Fixed => new FixedDistribution(p.Values[0]),
        _ => throw new NotSupportedException($"Unknown distribution type {p.Type} of '{p.Name}'."),
    };
}
