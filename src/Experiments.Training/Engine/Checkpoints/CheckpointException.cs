namespace Experiments.Training.Engine.Checkpoints;

/// <summary>A checkpoint that cannot be used: damaged, truncated, or written by another model or other shapes. The message names it and says why.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
