using Experiments.Training.Engine.Checkpoints;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>The parts of one training run that differ by model family; called by <see cref="TrainingLoop"/> on its thread.</summary>
internal interface IModelRun : IDisposable
{
    /// <summary>Examples per optimiser step (the loop drops the last, smaller batch of an epoch).</summary>
    int BatchSize { get; }

    /// <summary>
    /// Called once before training with the whole training split (on the device): the examples it trains on, all of
    /// them unless the family leaves some out (e.g. the digits of an anomaly class). A family may also take what it
    /// needs of the data here (a forecaster's scaling). It must be a pure function of the data: a run built again
    /// (after a checkpoint that did not fit) is prepared again and must choose the same examples.
    /// </summary>
    TrainingBatch Prepare(TrainingBatch train) => train;

    /// <summary>
    /// How its epochs are cut into steps, when the family cuts them itself (windows of a stream for sequence models);
    /// null for the loop's default, <see cref="ShuffledBatches"/> of <see cref="BatchSize"/> examples.
    /// </summary>
    IEpochBatches? CreateBatches(TrainingBatch train, long seed) => null;

    /// <summary>Its networks, optimisers and random generators, by name: what a checkpoint saves and restores.</summary>
    ModelState State { get; }

    /// <summary>Switches the networks between training and evaluation behaviour (dropout, batch norm).</summary>
    void SetTraining(bool training);

    /// <summary>
    /// Before the first epoch of each curriculum stage (and before the first epoch a resumed run trains): train with
    /// <paramref name="stage"/>'s settings from now on. Never called without a curriculum, so a run starts with its
    /// settings outside any stage. It only sets values: it must not draw random numbers or touch the device.
    /// </summary>
    void EnterStage(CurriculumStageSettings stage);

    /// <summary>
    /// One optimiser step on <paramref name="batch"/> (examples, and labels when the data set has them), inside the loop's dispose scope. Adds the batch's mean training
    /// loss times its size to <paramref name="lossTotal"/> on the device; reads values back (a device sync) only when
    /// <paramref name="readMetrics"/>, returning the step's metrics, else null.
    /// </summary>
    IReadOnlyDictionary<string, double>? TrainStep(TrainingBatch batch, Tensor lossTotal, bool readMetrics);

    /// <summary>
    /// Held-out metrics after epoch <paramref name="epoch"/> (the loop adds <c>train_loss</c>) and the files to publish
    /// (sample grids, .npy samples), in evaluation mode and without gradients.
    /// </summary>
    EpochEvaluation Evaluate(int epoch, TrainingBatch heldOut, CancellationToken cancellationToken);
}
