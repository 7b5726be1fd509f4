namespace Experiments.Training.Engine;

/// <summary>
/// How an epoch of training data is cut into optimiser steps. The loop's default is <see cref="ShuffledBatches"/>
/// (examples in a seeded shuffle); a sequence family cuts windows of a stream itself
/// (<see cref="IModelRun.CreateBatches"/>). The batches of an epoch depend only on the seed, the epoch and the
/// curriculum stage, so a resumed run trains on exactly what an uninterrupted one would.
/// </summary>
internal interface IEpochBatches : IDisposable
{
    /// <summary>Examples (rows) per batch: the epoch's mean training loss divides by it.</summary>
    int BatchSize { get; }

    /// <summary>Prepares <paramref name="epoch"/> (1-based, called in order, also for a resumed run's first epoch) and returns its number of steps.</summary>
    int StartEpoch(int epoch);

    /// <summary>The epoch's <paramref name="index"/>-th batch (0-based), made inside the step's dispose scope.</summary>
    TrainingBatch Batch(int index);
}
