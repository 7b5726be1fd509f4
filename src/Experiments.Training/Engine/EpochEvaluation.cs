namespace Experiments.Training.Engine;

/// <summary>
/// What a run reports after an epoch: held-out metrics and the files to publish (sample grids, .npy samples). One call
/// gives both so that samples generated for the metrics are the ones saved, generated once.
/// </summary>
internal sealed record EpochEvaluation(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<TrainingArtifact> Artifacts);
