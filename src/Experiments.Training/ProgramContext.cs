namespace Experiments.Training;

/// <summary>
/// What a worker tells a <c>command</c> trial's program about the trial, as placeholders and environment variables:
/// which trial and attempt it is, and the MLflow run its own logging should land in.
/// </summary>
/// <param name="RunId">The MLflow run the worker created for this attempt; null when it could not be resolved in time.</param>
/// <param name="TrackingEnvironment">MLFLOW_TRACKING_URI (and credentials, if configured) as the program should use them.</param>
public sealed record ProgramContext(string TrialId, int TrialNumber, int Attempt, string? RunId, IReadOnlyDictionary<string, string> TrackingEnvironment)
{
    public string? TrackingUri => TrackingEnvironment.GetValueOrDefault("MLFLOW_TRACKING_URI");
}
