namespace Experiments.Training.Engine.Checkpoints;

/// <summary>
/// What a checkpoint says about itself (stored as JSON at its start): enough to reject one that does not fit this
/// run with a clear reason before any weight is touched.
/// </summary>
internal sealed record CheckpointHeader
{
    public const int CurrentFormat = 1;

    public required int Format { get; init; }

    public required string Model { get; init; }

    /// <summary>Epochs completed when it was written; training resumes at the next one.</summary>
    public required int Epoch { get; init; }

    /// <summary>Optimiser steps completed; step metrics continue from here.</summary>
    public required long Step { get; init; }

    /// <summary>Training examples per epoch: the data order is replayed from the seed, so it must be the same data.</summary>
    public required int TrainExamples { get; init; }

    public required long Seed { get; init; }

    /// <summary>The objective's best epoch value so far (null without an objective), so "keep the best" survives a resume.</summary>
    public double? BestObjective { get; init; }

    public int? BestEpoch { get; init; }

    /// <summary>The epoch's metrics: the result of a trial whose last checkpoint is its last epoch.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required SortedDictionary<string, long[]> Shapes { get; init; }

    public required IReadOnlyList<string> Optimizers { get; init; }

    public required IReadOnlyList<string> Generators { get; init; }

    /// <summary>The run's counters (see <see cref="ModelState.Counter"/>).</summary>
    public SortedDictionary<string, long> Counters { get; init; } = [];
}
