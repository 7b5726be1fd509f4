using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="CurriculumPlan"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.curriculum-plan")]
public struct CurriculumPlanSurrogate
{
    [Id(0)]
    public List<CurriculumStage> Stages;
}

[RegisterConverter]
public sealed class CurriculumPlanSurrogateConverter : IConverter<CurriculumPlan, CurriculumPlanSurrogate>
{
    public CurriculumPlan ConvertFromSurrogate(in CurriculumPlanSurrogate surrogate) => new(surrogate.Stages);

    public CurriculumPlanSurrogate ConvertToSurrogate(in CurriculumPlan value) => new() { Stages = value.Stages.ToList() };
}

/// <summary>Wire form of <see cref="CurriculumStage"/>.</summary>
[GenerateSerializer]
[Alias("experiments.curriculum-stage")]
public struct CurriculumStageSurrogate
{
    [Id(0)]
    public string Name;

    [Id(1)]
    public int FirstEpoch;

    [Id(2)]
    public Dictionary<string, ParameterValue> Settings;
}

[RegisterConverter]
public sealed class CurriculumStageSurrogateConverter : IConverter<CurriculumStage, CurriculumStageSurrogate>
{
    public CurriculumStage ConvertFromSurrogate(in CurriculumStageSurrogate surrogate) => new(surrogate.Name, surrogate.FirstEpoch, surrogate.Settings);

    public CurriculumStageSurrogate ConvertToSurrogate(in CurriculumStage value) =>
        new() { Name = value.Name, FirstEpoch = value.FirstEpoch, Settings = new Dictionary<string, ParameterValue>(value.Settings, StringComparer.Ordinal) };
}
