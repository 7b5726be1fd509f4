namespace Experiments.Grains.Storage;

/// <summary>
/// A grain state file exists but cannot be read: truncated, garbled, empty, or holding another grain's
/// state. The file is left where it is for inspection. Derives from <see cref="OrleansException"/> so
/// Orleans passes it to the caller as it is, not wrapped.
/// </summary>
[GenerateSerializer]
[Alias("experiments.grain-state-damaged-exception")]
public sealed class GrainStateDamagedException : OrleansException
{
    public GrainStateDamagedException()
    {
    }

    public GrainStateDamagedException(string message)
        : base(message)
    {
    }

    public GrainStateDamagedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GrainStateDamagedException(string path, string stateName, string damage)
        : base($"The state file {path} is damaged ({damage})")
    {
        Path = path;
        StateName = stateName;
        Damage = damage;
    }

    [Id(0)]
    public string Path { get; private set; } = string.Empty;

    /// <summary>Which grain state the file holds: "experiment", "sweep" or "trial".</summary>
    [Id(1)]
    public string StateName { get; private set; } = string.Empty;

    /// <summary>What is wrong, in a few words: e.g. "truncated: 20 of 64 bytes".</summary>
    [Id(2)]
    public string Damage { get; private set; } = string.Empty;
}
