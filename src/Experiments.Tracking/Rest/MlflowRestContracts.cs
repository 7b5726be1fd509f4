namespace Experiments.Tracking.Rest;

// Request and response bodies of the MLflow REST API 2.0, named as MLflow names them (snake_case via MlflowJson).
internal sealed record KeyValueDto(string Key, string Value);

internal sealed record MetricDto(string Key, double Value, long Timestamp, long Step);

internal sealed record ExperimentDto(string? ExperimentId, string? Name, string? LifecycleStage, string? ArtifactLocation);

internal sealed record GetExperimentResponse(ExperimentDto? Experiment);

internal sealed record CreateExperimentRequest(string Name);

internal sealed record CreateExperimentResponse(string? ExperimentId);

internal sealed record CreateRunRequest(string ExperimentId, string RunName, long StartTime, IReadOnlyList<KeyValueDto> Tags);

internal sealed record RunInfoDto(
    string? RunId,
    string? RunUuid,
    string? ExperimentId,
    string? RunName,
    string? Status,
    long? StartTime,
    long? EndTime,
    string? ArtifactUri,
    string? LifecycleStage);

internal sealed record RunDataDto(IReadOnlyList<MetricDto>? Metrics, IReadOnlyList<KeyValueDto>? Params, IReadOnlyList<KeyValueDto>? Tags);

internal sealed record RunDto(RunInfoDto? Info, RunDataDto? Data);

internal sealed record RunResponse(RunDto? Run);

internal sealed record SearchRunsRequest(IReadOnlyList<string> ExperimentIds, string Filter, string RunViewType, int MaxResults)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OrderBy { get; init; }
}

internal sealed record SearchRunsResponse(IReadOnlyList<RunDto>? Runs, string? NextPageToken);

internal sealed record LogBatchRequest(
    string RunId,
    IReadOnlyList<MetricDto> Metrics,
    IReadOnlyList<KeyValueDto> Params,
    IReadOnlyList<KeyValueDto> Tags);

internal sealed record UpdateRunRequest(string RunId, string Status, long? EndTime);

internal sealed record SetTagRequest(string RunId, string Key, string Value);

internal sealed record MetricHistoryResponse(IReadOnlyList<MetricDto>? Metrics, string? NextPageToken);

internal sealed record FileInfoDto(string? Path, bool? IsDir, long? FileSize);

internal sealed record ListArtifactsResponse(string? RootUri, IReadOnlyList<FileInfoDto>? Files, string? NextPageToken);

internal sealed record ErrorResponse(string? ErrorCode, string? Message);
