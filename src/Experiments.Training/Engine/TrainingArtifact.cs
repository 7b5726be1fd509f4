namespace Experiments.Training.Engine;

/// <summary>A file a run publishes, e.g. <c>samples/epoch-003.png</c>.</summary>
internal sealed record TrainingArtifact(string Path, byte[] Content);
