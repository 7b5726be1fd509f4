using Experiments.Contracts.Trials;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="EpochReport"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.epoch-report")]
public struct EpochReportSurrogate
{
    [Id(0)]
    public int Epoch;

    [Id(1)]
    public long Step;

    [Id(2)]
    public IReadOnlyDictionary<string, double> Metrics;

    [Id(3)]
    public int? CurriculumStage;

    [Id(4)]
    public string? CurriculumStageName;
}

[RegisterConverter]
public sealed class EpochReportSurrogateConverter : IConverter<EpochReport, EpochReportSurrogate>
{
    public EpochReport ConvertFromSurrogate(in EpochReportSurrogate surrogate) =>
        new(surrogate.Epoch, surrogate.Step, surrogate.Metrics) { CurriculumStage = surrogate.CurriculumStage, CurriculumStageName = surrogate.CurriculumStageName };

    public EpochReportSurrogate ConvertToSurrogate(in EpochReport value) => new()
    {
        Epoch = value.Epoch,
        Step = value.Step,
        Metrics = value.Metrics,
        CurriculumStage = value.CurriculumStage,
        CurriculumStageName = value.CurriculumStageName,
    };
}
