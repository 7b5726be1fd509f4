namespace Experiments.Tracking.Outbox;

/// <summary>Tags the outbox adds to runs (besides <see cref="MlflowTags.RunKey"/>), so runs can be linked from any process.</summary>
public static class OutboxTags
{
    /// <summary>The parent's key, also when the parent could not be linked with <c>mlflow.parentRunId</c>.</summary>
    public const string ParentRunKey = "experiments.parent_run_key";
}
