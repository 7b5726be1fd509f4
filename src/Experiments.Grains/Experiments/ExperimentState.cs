namespace Experiments.Grains.Experiments;

[GenerateSerializer]
[Alias("experiments.experiment-state")]
public sealed class ExperimentState
{
    [Id(0)] public List<SweepRecord> Sweeps { get; set; } = [];
}
