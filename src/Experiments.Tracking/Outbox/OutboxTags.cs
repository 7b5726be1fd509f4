namespace Experiments.Tracking.Outbox;

/// <summary>Tags the outbox adds to runs, so runs can be found and linked from any process.</summary>
public static class OutboxTags
{
    /// <summary>The key a run was queued with (its reference in grains, messages and the outbox).</summary>
    public const string RunKey = "experiments.run_key";

    /// <summary>The parent's key, also when the parent could not be linked with <c>mlflow.parentRunId</c>.</summary>
    public const string ParentRunKey = "experiments.parent_run_key";
}
