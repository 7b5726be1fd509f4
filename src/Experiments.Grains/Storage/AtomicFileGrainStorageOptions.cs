namespace Experiments.Grains.Storage;

/// <summary>Where the embedded silo keeps grain state (one file per grain and state name).</summary>
public sealed class AtomicFileGrainStorageOptions
{
    public string RootDirectory { get; set; } = Path.Combine(".experiments", "state");
}
