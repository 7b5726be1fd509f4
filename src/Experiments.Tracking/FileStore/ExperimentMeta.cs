using System.Globalization;

namespace Experiments.Tracking.FileStore;

/// <summary>The fields of an experiment's meta.yaml, as MLflow's FileStore writes them (keys sorted).</summary>
internal sealed record ExperimentMeta(
    string ArtifactLocation,
    long CreationTime,
    string ExperimentId,
    long LastUpdateTime,
    string LifecycleStage,
    string Name)
{
    public const string ActiveStage = "active";

    public string ToYaml() => MlflowYaml.Render(
    [
        new("artifact_location", MlflowYaml.String(ArtifactLocation)),
        new("creation_time", MlflowYaml.Integer(CreationTime)),
        new("experiment_id", MlflowYaml.Quoted(ExperimentId)),
        new("last_update_time", MlflowYaml.Integer(LastUpdateTime)),
        new("lifecycle_stage", MlflowYaml.String(LifecycleStage)),
        new("name", MlflowYaml.String(Name)),
    ]);

    public static ExperimentMeta Parse(string yaml)
    {
        var fields = MlflowYaml.Parse(yaml);
        static long ParseTime(string? text) => text is null ? 0 : long.Parse(text, CultureInfo.InvariantCulture);
        return new ExperimentMeta(
            ArtifactLocation: fields.GetValueOrDefault("artifact_location") ?? string.Empty,
            CreationTime: ParseTime(fields.GetValueOrDefault("creation_time")),
            ExperimentId: fields.GetValueOrDefault("experiment_id") ?? string.Empty,
            LastUpdateTime: ParseTime(fields.GetValueOrDefault("last_update_time")),
            LifecycleStage: fields.GetValueOrDefault("lifecycle_stage") ?? ActiveStage,
            Name: fields.GetValueOrDefault("name") ?? string.Empty);
    }
}
