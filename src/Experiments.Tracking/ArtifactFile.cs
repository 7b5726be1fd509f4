namespace Experiments.Tracking;

/// <summary>One entry of a run's artifact folder: its path relative to the run's artifact root (<c>/</c>-separated).</summary>
public sealed record ArtifactFile(string Path, bool IsDirectory, long? Size);
