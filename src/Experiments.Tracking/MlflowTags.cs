namespace Experiments.Tracking;

/// <summary>Tag keys MLflow gives a meaning to.</summary>
public static class MlflowTags
{
    /// <summary>The run's display name.</summary>
    public const string RunName = "mlflow.runName";

    /// <summary>Makes a run a child of another (nested runs in the MLflow UI).</summary>
    public const string ParentRunId = "mlflow.parentRunId";

    /// <summary>
    /// The caller's key of a run created with one (see <see cref="IExperimentTracker.CreateRunAsync"/>), so a repeated
    /// creation finds the run instead of making a second one.
    /// </summary>
    public const string RunKey = "experiments.run_key";

    /// <summary>
    /// The tags a new run is created with: the caller's, its name, for a child its parent, and its run key if any.
    /// Validated against MLflow's rules, so both backends reject the same input.
    /// </summary>
    internal static Dictionary<string, string> ForNewRun(
        string runName, IReadOnlyDictionary<string, string> tags, string? parentRunId, string? runKey)
    {
        ArgumentNullException.ThrowIfNull(runName);
        ArgumentNullException.ThrowIfNull(tags);
        var allTags = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [RunName] = runName };
        if (parentRunId is not null)
        {
            MlflowValidation.ValidateRunId(parentRunId);
            allTags[ParentRunId] = parentRunId;
        }

        if (runKey is not null)
        {
            MlflowValidation.ValidateRunKey(runKey);
            allTags[RunKey] = runKey;
        }

        MlflowValidation.ValidateBatch([], null, allTags);
        return allTags;
    }
}
