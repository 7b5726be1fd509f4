namespace Experiments.Tracking;

/// <summary>Tag keys MLflow gives a meaning to.</summary>
public static class MlflowTags
{
    /// <summary>The run's display name.</summary>
    public const string RunName = "mlflow.runName";

    /// <summary>Makes a run a child of another (nested runs in the MLflow UI).</summary>
    public const string ParentRunId = "mlflow.parentRunId";

    /// <summary>
    /// The tags a new run is created with: the caller's, its name and, for a child, its parent.
    /// Validated against MLflow's rules, so both backends reject the same input.
    /// </summary>
    internal static Dictionary<string, string> ForNewRun(string runName, IReadOnlyDictionary<string, string> tags, string? parentRunId)
    {
        ArgumentNullException.ThrowIfNull(runName);
        ArgumentNullException.ThrowIfNull(tags);
        var allTags = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [RunName] = runName };
        if (parentRunId is not null)
        {
            MlflowValidation.ValidateRunId(parentRunId);
            allTags[ParentRunId] = parentRunId;
        }

        MlflowValidation.ValidateBatch([], null, allTags);
        return allTags;
    }
}
