namespace Experiments.Training;

/// <summary>Receives progress from <see cref="ModelTrainer.TrainAsync"/>; called from the training thread, one call at a time.</summary>
public interface ITrainingObserver
{
    /// <summary>Every <see cref="TrainingRequest.LogEveryNSteps"/> steps: train_loss, train_reconstruction, train_kl of the current batch.</summary>
    ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken);

    /// <summary>After each epoch (1-based): held-out elbo, loss, reconstruction, kl, and the epoch's mean train_loss.</summary>
    ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken);

    /// <summary>A file produced during training, e.g. "samples/epoch-003.png" or "checkpoints/epoch-0003.ckpt", with its bytes.</summary>
    ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>A file published earlier that the run no longer keeps (a checkpoint beyond the last few and the best).</summary>
    ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Before the first step: training continues from <paramref name="checkpoint"/> (a <see cref="Engine.Checkpoints.CheckpointCandidate"/>'s
    /// name), after <paramref name="epoch"/> epochs and <paramref name="step"/> steps; later epochs and steps continue those numbers.
    /// </summary>
    ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken);

    /// <summary>
    /// A curriculum stage begins: stage <paramref name="stage"/> (0-based index in <see cref="TrainingRequest.Curriculum"/>),
    /// named <paramref name="name"/>, trains from epoch <paramref name="epoch"/> and optimiser step <paramref name="step"/>
    /// on. Also called for the stage a resumed run starts in. Never called without a curriculum.
    /// </summary>
    ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken);
}
