namespace Experiments.Tracking;

/// <summary>Tag keys MLflow gives a meaning to.</summary>
public static class MlflowTags
{
    /// <summary>The run's display name.</summary>
    public const string RunName = "mlflow.runName";

    /// <summary>Makes a run a child of another (nested runs in the MLflow UI).</summary>
    public const string ParentRunId = "mlflow.parentRunId";
}
