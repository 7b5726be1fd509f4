namespace Experiments.EndToEnd.Tests;

/// <summary>One run as the MLflow file store has it on disk.</summary>
public sealed record MlflowRun(
    string RunId,
    string RunDirectory,
    int Status,
    string? RunName,
    string? ParentRunId)
{
    /// <summary>MLflow file store status codes (meta.yaml).</summary>
    public const int Running = 1;
    public const int Finished = 3;
    public const int Failed = 4;
    public const int Killed = 5;

    /// <summary>A tag's value, or null when the run has no such tag.</summary>
    public string? Tag(string key)
    {
        var path = Path.Combine(RunDirectory, "tags", key);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The values of a metric, one per logged line (<c>timestamp value step</c>).</summary>
    public IReadOnlyList<string> MetricLines(string key)
    {
        var path = Path.Combine(RunDirectory, "metrics", key);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(line => line.Trim().Length > 0).ToList()
            : [];
    }
}
