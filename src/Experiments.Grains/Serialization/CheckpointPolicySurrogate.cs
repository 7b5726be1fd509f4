using Experiments.Contracts.Trials;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="CheckpointPolicy"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.checkpoint-policy")]
public struct CheckpointPolicySurrogate
{
    [Id(0)]
    public int Every;

    [Id(1)]
    public int KeepLast;
}

[RegisterConverter]
public sealed class CheckpointPolicySurrogateConverter : IConverter<CheckpointPolicy, CheckpointPolicySurrogate>
{
    public CheckpointPolicy ConvertFromSurrogate(in CheckpointPolicySurrogate surrogate) => new(surrogate.Every, surrogate.KeepLast);

    public CheckpointPolicySurrogate ConvertToSurrogate(in CheckpointPolicy value) => new() { Every = value.Every, KeepLast = value.KeepLast };
}
