namespace Experiments.Grains.Storage;

/// <summary>Where the embedded silo keeps grain state (one file per grain and state name), and how it copes with failures.</summary>
public sealed class AtomicFileGrainStorageOptions
{
    public string RootDirectory { get; set; } = Path.Combine(".experiments", "state");

    /// <summary>
    /// Waits between the attempts of a state write that fails (disk full, read-only, I/O error): one
    /// attempt more than there are delays. The default tries 5 times over 7.5 s, long enough for a
    /// momentary hiccup, short enough that a sweep on a full disk stops within seconds.
    /// </summary>
    public IReadOnlyList<TimeSpan> WriteRetryDelays { get; set; } =
        [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>What a read does with a state file it cannot read (truncated, garbled, of another grain).</summary>
    public DamagedStateHandling DamagedState { get; set; } = DamagedStateHandling.Fail;
}
