using System.Globalization;

namespace Experiments.Tracking.FileStore;

/// <summary>The fields of a run's meta.yaml, written in the order and encoding of MLflow's FileStore.</summary>
internal sealed record RunMeta(
    string ArtifactUri,
    long? EndTime,
    string ExperimentId,
    string LifecycleStage,
    string RunId,
    string RunName,
    long StartTime,
    RunStatus Status,
    string UserId)
{
    public string ToYaml() => MlflowYaml.Render(
    [
        new("artifact_uri", MlflowYaml.String(ArtifactUri)),
        new("end_time", MlflowYaml.NullableInteger(EndTime)),
        new("entry_point_name", "''"),
        new("experiment_id", MlflowYaml.Quoted(ExperimentId)),
        new("lifecycle_stage", MlflowYaml.String(LifecycleStage)),
        new("run_id", MlflowYaml.String(RunId)),
        new("run_name", MlflowYaml.String(RunName)),
        new("run_uuid", MlflowYaml.String(RunId)),
        new("source_name", "''"),
        new("source_type", "4"),
        new("source_version", "''"),
        new("start_time", MlflowYaml.Integer(StartTime)),
        new("status", MlflowYaml.Integer(RunStatusNames.ToFileStoreCode(Status))),
        new("tags", "[]"),
        new("user_id", MlflowYaml.String(UserId)),
    ]);

    public static RunMeta Parse(string yaml, string metaPath)
    {
        var fields = MlflowYaml.Parse(yaml);
        string Required(string name) =>
            fields.TryGetValue(name, out var value) && value is not null
                ? value
                : throw new FormatException($"'{metaPath}' has no '{name}'.");

        var runId = fields.GetValueOrDefault("run_id") ?? Required("run_uuid");
        return new RunMeta(
            ArtifactUri: fields.GetValueOrDefault("artifact_uri") ?? string.Empty,
            EndTime: fields.GetValueOrDefault("end_time") is { } end ? long.Parse(end, CultureInfo.InvariantCulture) : null,
            ExperimentId: Required("experiment_id"),
            LifecycleStage: fields.GetValueOrDefault("lifecycle_stage") ?? "active",
            RunId: runId,
            RunName: fields.GetValueOrDefault("run_name") ?? string.Empty,
            StartTime: long.Parse(Required("start_time"), CultureInfo.InvariantCulture),
            Status: RunStatusNames.FromFileStoreCode(int.Parse(Required("status"), CultureInfo.InvariantCulture)),
            UserId: fields.GetValueOrDefault("user_id") ?? string.Empty);
    }
}
