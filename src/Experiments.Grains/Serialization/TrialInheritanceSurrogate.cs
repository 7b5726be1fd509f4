using Experiments.Contracts.Trials;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="TrialInheritance"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.trial-inheritance")]
public struct TrialInheritanceSurrogate
{
    [Id(0)]
    public string DonorTrialId;

    [Id(1)]
    public int DonorNumber;

    [Id(2)]
    public int Epoch;

    [Id(3)]
    public int SinceAttempt;

    [Id(4)]
    public string Reason;
}

[RegisterConverter]
public sealed class TrialInheritanceSurrogateConverter : IConverter<TrialInheritance, TrialInheritanceSurrogate>
{
    public TrialInheritance ConvertFromSurrogate(in TrialInheritanceSurrogate surrogate) =>
        new(surrogate.DonorTrialId, surrogate.DonorNumber, surrogate.Epoch, surrogate.SinceAttempt, surrogate.Reason);

    public TrialInheritanceSurrogate ConvertToSurrogate(in TrialInheritance value) => new()
    {
        DonorTrialId = value.DonorTrialId,
        DonorNumber = value.DonorNumber,
        Epoch = value.Epoch,
        SinceAttempt = value.SinceAttempt,
        Reason = value.Reason,
    };
}
