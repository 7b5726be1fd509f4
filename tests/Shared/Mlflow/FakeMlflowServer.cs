using Experiments.Tracking;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Experiments.Testing.Mlflow;

/// <summary>
/// A local Kestrel app that plays an MLflow tracking server: it checks request shapes (paths, methods, JSON field
/// names, MLflow's batch limits, the Authorization header), keeps state like MLflow would, and records every request.
/// </summary>
public sealed partial class FakeMlflowServer : IAsyncDisposable
{
    public const int HistoryPageSize = 100;

    private static readonly string[] LogBatchFields = ["run_id", "metrics", "params", "tags"];
    private static readonly string[] MetricFields = ["key", "value", "timestamp", "step"];
    private static readonly string[] KeyValueFields = ["key", "value"];

    private WebApplication? app;
    private readonly object gate = new();
    private readonly Dictionary<string, string> experimentIdsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeRun> runs = new(StringComparer.Ordinal);

    private FakeMlflowServer()
    {
    }

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentDictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every request must carry exactly this Authorization header, else 401.</summary>
    public string? ExpectedAuthorization { get; set; }

    /// <summary>Runs first; a non-null result answers the request instead of the normal behaviour (fault injection).</summary>
    public Func<RecordedRequest, IResult?>? Interceptor { get; set; }

    /// <summary>Runs when experiments/create is called, before the experiment is created (to simulate a racing creator).</summary>
    public Action<string>? OnCreateExperiment { get; set; }

    public static async Task<FakeMlflowServer> StartAsync()
    {
        var server = new FakeMlflowServer();
        await server.ListenAsync("http://127.0.0.1:0");
        return server;
    }

    /// <summary>Goes away as a crashed or stopped server does: connections are refused. Its state is kept.</summary>
    public async Task StopAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync();
            await running.DisposeAsync();
        }
    }

    /// <summary>Comes back on the same address with the state it had.</summary>
    public Task RestartAsync() => app is null ? ListenAsync(BaseUri.AbsoluteUri.TrimEnd('/')) : Task.CompletedTask;

    private async Task ListenAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var started = builder.Build();
        started.Run(HandleAsync);
        await started.StartAsync();
        BaseUri = new Uri(started.Urls.First());
        app = started;
    }

    public static IResult Error(int statusCode, string errorCode, string message) =>
        Results.Json(new JsonObject { ["error_code"] = errorCode, ["message"] = message }, statusCode: statusCode);

    public void AddExperiment(string name, string id)
    {
        lock (gate)
        {
            experimentIdsByName[name] = id;
        }
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string pathSuffix) =>
        Requests.Where(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)).ToList();

    /// <summary>Every run the server holds, in no particular order.</summary>
    public IReadOnlyList<FakeRun> AllRuns()
    {
        lock (gate)
        {
            return runs.Values.ToList();
        }
    }

    public FakeRun Run(string runId)
    {
        lock (gate)
        {
            return runs[runId];
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.ContentType,
            buffer.ToArray());
        Requests.Enqueue(request);

        var result = Interceptor?.Invoke(request) ?? Dispatch(request, context.Request.Query);
        await result.ExecuteAsync(context);
    }

    private IResult Dispatch(RecordedRequest request, IQueryCollection query)
    {
        if (ExpectedAuthorization is not null && request.Authorization != ExpectedAuthorization)
        {
            return Error(401, "UNAUTHENTICATED", "Missing or wrong credentials.");
        }

        const string artifactPrefix = "/api/2.0/mlflow-artifacts/artifacts/";
        if (request.Path.StartsWith(artifactPrefix, StringComparison.Ordinal))
        {
            var artifactPath = request.Path[artifactPrefix.Length..];
            switch (request.Method)
            {
                case "PUT":
                    Artifacts[artifactPath] = request.Body;
                    return Results.Json(new JsonObject());
                case "GET":
                    return Artifacts.TryGetValue(artifactPath, out var content)
                        ? Results.Bytes(content, "application/octet-stream")
                        : Error(404, "RESOURCE_DOES_NOT_EXIST", $"No artifact {artifactPath}.");
                case "DELETE":
                    Artifacts.TryRemove(artifactPath, out _);
                    return Results.Json(new JsonObject());
                default:
                    return Error(405, "BAD_REQUEST", "Artifacts are uploaded with PUT, read with GET and deleted with DELETE.");
            }
        }

        var route = (request.Method, request.Path);
        try
        {
            return route switch
            {
                ("GET", "/api/2.0/mlflow/experiments/get-by-name") => GetExperimentByName(query["experiment_name"].ToString()),
                ("POST", "/api/2.0/mlflow/experiments/create") => CreateExperiment(ParseBody(request, "name")),
                ("POST", "/api/2.0/mlflow/runs/create") => CreateRun(ParseBody(request, "experiment_id", "run_name", "start_time", "tags")),
                ("POST", "/api/2.0/mlflow/runs/log-batch") => LogBatch(request),
                ("POST", "/api/2.0/mlflow/runs/update") => UpdateRun(ParseBody(request, "run_id", "status", "end_time")),
                ("POST", "/api/2.0/mlflow/runs/set-tag") => SetTag(ParseBody(request, "run_id", "key", "value")),
                ("GET", "/api/2.0/mlflow/runs/get") => GetRun(query["run_id"].ToString()),
                ("POST", "/api/2.0/mlflow/runs/search") => SearchRuns(ParseBody(request, "experiment_ids", "filter", "run_view_type", "max_results", "order_by")),
                ("GET", "/api/2.0/mlflow/metrics/get-history") => GetHistory(query),
                ("GET", "/api/2.0/mlflow/artifacts/list") => ListArtifacts(query["run_id"].ToString(), query["path"].ToString()),
                _ => Error(404, "ENDPOINT_NOT_FOUND", $"No endpoint {request.Method} {request.Path}."),
            };
        }
        catch (MalformedRequestException exception)
        {
            return Error(400, "MALFORMED_REQUEST", exception.Message);
        }
    }

    /// <summary>The direct children of <paramref name="folder"/> in the run's artifacts, paths relative to the artifact root as MLflow gives them.</summary>
    private IResult ListArtifacts(string runId, string folder)
    {
        FakeRun run;
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out run!))
            {
                return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found.");
            }
        }

        var root = $"{run.ExperimentId}/{runId}/artifacts/";
        var prefix = folder.Length == 0 ? string.Empty : folder.TrimEnd('/') + "/";
        var files = new JsonArray();
        foreach (var group in Artifacts
            .Where(artifact => artifact.Key.StartsWith(root + prefix, StringComparison.Ordinal))
            .Select(artifact => (Remainder: artifact.Key[(root + prefix).Length..], artifact.Value))
            .GroupBy(entry => entry.Remainder.Split('/')[0])
            .OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var isDirectory = group.Any(entry => entry.Remainder.Contains('/', StringComparison.Ordinal));
            var file = new JsonObject { ["path"] = prefix + group.Key, ["is_dir"] = isDirectory };
            if (!isDirectory)
            {
                file["file_size"] = group.First().Value.Length;
            }

            files.Add(file);
        }

        return Results.Json(new JsonObject { ["root_uri"] = $"mlflow-artifacts:/{root.TrimEnd('/')}", ["files"] = files });
    }

    private static JsonObject ParseBody(RecordedRequest request, params string[] allowedFields)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            throw new MalformedRequestException($"Content-Type must be application/json, was '{request.ContentType}'.");
        }

        var body = JsonNode.Parse(request.Body) as JsonObject ?? throw new MalformedRequestException("Body is not a JSON object.");
        RequireOnlyFields(body, allowedFields, request.Path);
        return body;
    }

    private static void RequireOnlyFields(JsonObject node, string[] allowedFields, string where)
    {
        foreach (var (name, _) in node)
        {
            if (!allowedFields.Contains(name))
            {
                throw new MalformedRequestException($"Unexpected field '{name}' in {where}.");
            }
        }
    }

    private static string RequireString(JsonObject body, string field) =>
        body[field]?.GetValue<string>() ?? throw new MalformedRequestException($"Missing field '{field}'.");

    private IResult GetExperimentByName(string name)
    {
        lock (gate)
        {
            return experimentIdsByName.TryGetValue(name, out var id)
                ? Results.Json(new JsonObject { ["experiment"] = new JsonObject { ["experiment_id"] = id, ["name"] = name, ["lifecycle_stage"] = "active" } })
                : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");
        }
    }

    private IResult CreateExperiment(JsonObject body)
    {
        var name = RequireString(body, "name");
        OnCreateExperiment?.Invoke(name);
        lock (gate)
        {
            if (experimentIdsByName.ContainsKey(name))
            {
                return Error(400, "RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists.");
            }

            var id = (100 + experimentIdsByName.Count).ToString(CultureInfo.InvariantCulture);
            experimentIdsByName[name] = id;
            return Results.Json(new JsonObject { ["experiment_id"] = id });
        }
    }

    private IResult CreateRun(JsonObject body)
    {
        var experimentId = RequireString(body, "experiment_id");
        var runName = RequireString(body, "run_name");
        var startTime = body["start_time"]?.GetValue<long>() ?? throw new MalformedRequestException("Missing start_time.");
        var run = new FakeRun(Guid.NewGuid().ToString("N"), experimentId, runName, startTime);
        foreach (var tag in ReadKeyValues(body["tags"], "tags"))
        {
            run.Tags[tag.Key] = tag.Value;
        }

        lock (gate)
        {
            runs[run.RunId] = run;
        }

        return Results.Json(new JsonObject { ["run"] = RunJson(run) });
    }

    private IResult LogBatch(RecordedRequest request)
    {
        if (request.Body.Length >= 1_000_000)
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Batch request body of {request.Body.Length} bytes exceeds 1 MB.");
        }

        var body = ParseBody(request, LogBatchFields);
        var run = FindRun(RequireString(body, "run_id"));
        if (run is null)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", "Run not found.");
        }

        var metrics = (body["metrics"] as JsonArray ?? []).Select(ReadMetric).ToList();
        var parameters = ReadKeyValues(body["params"], "params");
        var tags = ReadKeyValues(body["tags"], "tags");
        if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100 || metrics.Count + parameters.Count + tags.Count > 1000)
        {
            return Error(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics, 100 params, 100 tags, 1000 in all.");
        }

        lock (gate)
        {
            foreach (var (key, value) in parameters)
            {
                if (run.Params.TryGetValue(key, out var existing) && existing != value)
                {
                    return Error(400, "INVALID_PARAMETER_VALUE", $"Changing param values is not allowed. Param with key='{key}' was already logged.");
                }
            }

            foreach (var (key, value) in parameters)
            {
                run.Params[key] = value;
            }

            foreach (var (key, value) in tags)
            {
                run.Tags[key] = value;
            }

            run.Metrics.AddRange(metrics);
        }

        return Results.Json(new JsonObject());
    }

    private IResult UpdateRun(JsonObject body)
    {
        var run = FindRun(RequireString(body, "run_id"));
        if (run is null)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", "Run not found.");
        }

        var status = RequireString(body, "status");
        if (status is not ("RUNNING" or "SCHEDULED" or "FINISHED" or "FAILED" or "KILLED"))
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Bad status '{status}'.");
        }

        lock (gate)
        {
            run.Status = status;
            run.EndTime = body["end_time"]?.GetValue<long>();
            return Results.Json(new JsonObject { ["run_info"] = RunInfoJson(run) });
        }
    }

    private IResult SetTag(JsonObject body)
    {
        var run = FindRun(RequireString(body, "run_id"));
        if (run is null)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", "Run not found.");
        }

        lock (gate)
        {
            run.Tags[RequireString(body, "key")] = RequireString(body, "value");
        }

        return Results.Json(new JsonObject());
    }

    private IResult GetRun(string runId)
    {
        var run = FindRun(runId);
        if (run is null)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found.");
        }

        lock (gate)
        {
            return Results.Json(new JsonObject { ["run"] = RunJson(run) });
        }
    }

    /// <summary>
    /// Only the search the client sends to find a run by its key: anything else is answered 400, so a test proves the
    /// request's shape (MLflow's search syntax with the dotted tag key in backticks).
    /// </summary>
    private IResult SearchRuns(JsonObject body)
    {
        var orderBy = (body["order_by"] as JsonArray)?.Select(item => item?.GetValue<string>()).ToList() ?? [];
        if (orderBy is not ([] or ["attributes.start_time DESC"]))
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Unsupported order_by '{string.Join(", ", orderBy)}'.");
        }

        var experimentIds = (body["experiment_ids"] as JsonArray ?? throw new MalformedRequestException("Missing experiment_ids."))
            .Select(id => id?.GetValue<string>() ?? throw new MalformedRequestException("experiment_ids holds a null."))
            .ToHashSet(StringComparer.Ordinal);
        var filter = RequireString(body, "filter");
        var match = TagFilter().Match(filter);
        if (experimentIds.Count == 0 || !match.Success)
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Unsupported search: experiment_ids {experimentIds.Count}, filter '{filter}'.");
        }

        if (RequireString(body, "run_view_type") != "ALL" || body["max_results"]?.GetValue<int>() is not (> 0 and var maxResults))
        {
            return Error(400, "INVALID_PARAMETER_VALUE", "run_view_type must be ALL and max_results positive.");
        }

        lock (gate)
        {
            var found = runs.Values
                .Where(r => experimentIds.Contains(r.ExperimentId) && r.Tags.GetValueOrDefault(match.Groups["tag"].Value) == match.Groups["value"].Value)
                .OrderByDescending(r => r.StartTime)
                .Take(maxResults)
                .Select(r => (JsonNode)RunJson(r))
                .ToArray();

            // MLflow leaves "runs" out when nothing matches.
            return Results.Json(found.Length == 0 ? new JsonObject() : new JsonObject { ["runs"] = new JsonArray(found) });
        }
    }

    private IResult GetHistory(IQueryCollection query)
    {
        var run = FindRun(query["run_id"].ToString());
        if (run is null)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", "Run not found.");
        }

        var key = query["metric_key"].ToString();
        var offset = query.TryGetValue("page_token", out var token) ? int.Parse(token.ToString(), CultureInfo.InvariantCulture) : 0;
        var pageSize = Math.Min(HistoryPageSize, int.Parse(query["max_results"].ToString(), CultureInfo.InvariantCulture));
        lock (gate)
        {
            var all = run.Metrics.Where(m => m.Key == key).ToList();
            var page = all.Skip(offset).Take(pageSize).ToList();
            var result = new JsonObject { ["metrics"] = new JsonArray(page.Select(MetricJson).ToArray()) };
            if (offset + page.Count < all.Count)
            {
                result["next_page_token"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
            }

            return Results.Json(result);
        }
    }

    private FakeRun? FindRun(string runId)
    {
        lock (gate)
        {
            return runs.GetValueOrDefault(runId);
        }
    }

    private static Metric ReadMetric(JsonNode? node)
    {
        var metric = node as JsonObject ?? throw new MalformedRequestException("Metric is not an object.");
        RequireOnlyFields(metric, MetricFields, "metrics");
        var valueNode = metric["value"] ?? throw new MalformedRequestException("Metric without value.");

        // Protobuf JSON carries NaN and infinities as strings.
        var value = valueNode.GetValueKind() == JsonValueKind.String
            ? valueNode.GetValue<string>() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var other => throw new MalformedRequestException($"Bad metric value '{other}'."),
            }
            : valueNode.GetValue<double>();
        return new Metric(
            RequireString(metric, "key"),
            value,
            metric["timestamp"]?.GetValue<long>() ?? throw new MalformedRequestException("Metric without timestamp."),
            metric["step"]?.GetValue<long>() ?? 0);
    }

    private static Dictionary<string, string> ReadKeyValues(JsonNode? node, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in node as JsonArray ?? [])
        {
            var entry = item as JsonObject ?? throw new MalformedRequestException($"{field} entry is not an object.");
            RequireOnlyFields(entry, KeyValueFields, field);
            var key = RequireString(entry, "key");
            if (!result.TryAdd(key, RequireString(entry, "value")))
            {
                throw new MalformedRequestException($"Duplicate key '{key}' in {field}.");
            }
        }

        return result;
    }

    private static JsonObject MetricJson(Metric metric) => new()
    {
        ["key"] = metric.Key,
        ["value"] = double.IsNaN(metric.Value) ? "NaN" : metric.Value,
        ["timestamp"] = metric.TimestampMs,
        ["step"] = metric.Step,
    };

    private static JsonObject RunInfoJson(FakeRun run) => new()
    {
        ["run_id"] = run.RunId,
        ["run_uuid"] = run.RunId,
        ["experiment_id"] = run.ExperimentId,
        ["run_name"] = run.RunName,
        ["status"] = run.Status,
        ["start_time"] = run.StartTime,
        ["end_time"] = run.EndTime,
        ["artifact_uri"] = $"mlflow-artifacts:/{run.ExperimentId}/{run.RunId}/artifacts",
        ["lifecycle_stage"] = "active",
    };

    private static JsonObject RunJson(FakeRun run) => new()
    {
        ["info"] = RunInfoJson(run),
        ["data"] = new JsonObject
        {
            ["params"] = new JsonArray(run.Params.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray()),
            ["tags"] = new JsonArray(run.Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
        },
    };

    [GeneratedRegex("^tags\\.`(?<tag>[A-Za-z0-9_.:/-]+)` = '(?<value>[A-Za-z0-9_.:/-]+)'$")]
    private static partial Regex TagFilter();

    private sealed class MalformedRequestException(string message) : Exception(message);
}
