namespace Experiments.Api.Submission;

/// <summary>The absolute folder that relative paths in submitted specs resolve against (<see cref="ExperimentsApiOptions.SpecBaseDirectory"/>).</summary>
internal sealed record SpecBaseDirectory(string Path);
