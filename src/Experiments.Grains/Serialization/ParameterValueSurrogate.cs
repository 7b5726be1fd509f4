using Experiments.Contracts.Parameters;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="ParameterValue"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.parameter-value")]
public struct ParameterValueSurrogate
{
    [Id(0)]
    public int Kind;

    [Id(1)]
    public double Number;

    [Id(2)]
    public string? Text;
}
