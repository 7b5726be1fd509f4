using System.Text.Json.Serialization;

namespace Experiments.Tracking.Outbox;

/// <summary>One queued call to MLflow, as stored in the outbox journal (JSON, discriminated by <c>op</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(CreateRunRecord), "create-run")]
[JsonDerivedType(typeof(LogBatchRecord), "log-batch")]
[JsonDerivedType(typeof(LogArtifactRecord), "log-artifact")]
[JsonDerivedType(typeof(DeleteArtifactRecord), "delete-artifact")]
[JsonDerivedType(typeof(SetRunStatusRecord), "set-run-status")]
internal abstract record OutboxRecord
{
    public required string ExperimentName { get; init; }

    public required string RunKey { get; init; }

    public RunReference Run => new(ExperimentName, RunKey);
}
