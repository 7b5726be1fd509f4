using Experiments.Contracts.Programs;

namespace Experiments.Grains.Serialization;

/// <summary>Wire form of <see cref="TrialProgram"/>, so Contracts stays free of Orleans attributes.</summary>
[GenerateSerializer]
[Alias("experiments.trial-program")]
public struct TrialProgramSurrogate
{
    [Id(0)]
    public List<string> Arguments;

    [Id(1)]
    public string WorkingDirectory;

    [Id(2)]
    public Dictionary<string, string> Environment;

    [Id(3)]
    public TimeSpan StopGracePeriod;
}

[RegisterConverter]
public sealed class TrialProgramSurrogateConverter : IConverter<TrialProgram, TrialProgramSurrogate>
{
    public TrialProgram ConvertFromSurrogate(in TrialProgramSurrogate surrogate) =>
        new(surrogate.Arguments, surrogate.WorkingDirectory) { Environment = surrogate.Environment, StopGracePeriod = surrogate.StopGracePeriod };

    public TrialProgramSurrogate ConvertToSurrogate(in TrialProgram value) => new()
    {
        Arguments = value.Arguments.ToList(),
        WorkingDirectory = value.WorkingDirectory,
        Environment = new Dictionary<string, string>(value.Environment, StringComparer.Ordinal),
        StopGracePeriod = value.StopGracePeriod,
    };
}
