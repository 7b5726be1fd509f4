namespace Experiments.Training;

/// <summary>Receives progress from <see cref="ModelTrainer.TrainAsync"/>; called from the training thread, one call at a time.</summary>
public interface ITrainingObserver
{
    /// <summary>Every <see cref="TrainingRequest.LogEveryNSteps"/> steps: train_loss, train_reconstruction, train_kl of the current batch.</summary>
    ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken);

    /// <summary>After each epoch (1-based): held-out elbo, loss, reconstruction, kl, and the epoch's mean train_loss.</summary>
    ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken);

    /// <summary>A file produced during training, e.g. "samples/epoch-003.png", with its bytes.</summary>
    ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
