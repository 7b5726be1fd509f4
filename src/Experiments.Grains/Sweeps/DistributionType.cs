namespace Experiments.Grains.Sweeps;

public enum DistributionType
{
    Uniform,
    LogUniform,
    Int,
    Choice,
    Fixed,
}
