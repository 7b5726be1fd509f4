using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Experiments.Tracking.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking;

/// <summary>
/// <see cref="IExperimentTracker"/> over the MLflow tracking server's REST API 2.0 (typed HttpClient).
/// </summary>
/// <remarks>
/// Transient failures (network errors, attempt timeouts, 429, 500, 502, 503, 504) are retried with exponential
/// backoff and jitter, honouring Retry-After; other errors throw <see cref="MlflowException"/> with MLflow's
/// error code. Retrying a log-batch whose earlier attempt may have been partly written is safe: duplicate metric
/// points are harmless, and MLflow accepts re-logging a param with the value it already has, so only a real change
/// of a param value fails (INVALID_PARAMETER_VALUE), as it should.
/// </remarks>
public sealed class MlflowRestClient : IExperimentTracker
{
    private const int HistoryPageSize = 25_000;

    // Enough for every attempt of one trial (searches here are by trial, not over a whole sweep).
    private const int SearchPageSize = 1_000;
    private const string ArtifactScheme = "mlflow-artifacts:";

    private readonly HttpClient httpClient;
    private readonly TrackingOptions options;
    private readonly ILogger<MlflowRestClient> logger;
    private readonly Uri baseUri;
    private readonly AuthenticationHeaderValue? authorization;
    private readonly ConcurrentDictionary<string, string> artifactRootByRun = new(StringComparer.Ordinal);

    public MlflowRestClient(HttpClient httpClient, IOptions<TrackingOptions> options, ILogger<MlflowRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.httpClient = httpClient;
        this.options = options.Value;
        this.logger = logger;

        var target = TrackingTarget.Parse(this.options.TrackingUri);
        if (target.Kind != TrackingBackendKind.Rest)
        {
            throw new ArgumentException("MlflowRestClient needs an http(s):// MLFLOW_TRACKING_URI.", nameof(options));
        }

        var root = target.RestBaseUri!.AbsoluteUri;
        baseUri = new Uri(root.EndsWith('/') ? root : root + "/");
        authorization = CreateAuthorization(this.options);
        if (this.options.MaxAttempts < 1)
        {
            throw new ArgumentException("TrackingOptions.MaxAttempts must be at least 1.", nameof(options));
        }
    }

    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var existing = await TryGetExperimentIdByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            var created = await SendAsync<CreateExperimentResponse>(
                HttpMethod.Post, "api/2.0/mlflow/experiments/create", new CreateExperimentRequest(name), cancellationToken).ConfigureAwait(false);
            return created?.ExperimentId ?? throw new MlflowException("INVALID_RESPONSE", "experiments/create returned no experiment_id.");
        }
        catch (MlflowException exception) when (exception.ErrorCode == MlflowException.ResourceAlreadyExists)
        {
            // Another creator won the race: the experiment exists now, so look it up again.
            return await TryGetExperimentIdByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new MlflowException(exception.ErrorCode, $"Experiment '{name}' exists but could not be fetched by name.", exception.StatusCode, exception);
        }
    }

    public async Task<string> CreateRunAsync(
        string experimentId,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunId = null,
        string? runKey = null,
        long? startTimeMs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var allTags = MlflowTags.ForNewRun(runName, tags, parentRunId, runKey);
        var request = new CreateRunRequest(
            experimentId,
            runName,
            startTimeMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            allTags.Select(tag => new KeyValueDto(tag.Key, tag.Value)).ToList());
        var response = await SendAsync<RunResponse>(HttpMethod.Post, "api/2.0/mlflow/runs/create", request, cancellationToken).ConfigureAwait(false);
        var info = response?.Run?.Info;
        var runId = info?.RunId ?? info?.RunUuid ?? throw new MlflowException("INVALID_RESPONSE", "runs/create returned no run.info.run_id.");
        if (info?.ArtifactUri is { Length: > 0 } artifactUri)
        {
            artifactRootByRun[runId] = artifactUri;
        }

        return runId;
    }

    public async Task<string?> FindRunByKeyAsync(string experimentId, string runKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        MlflowValidation.ValidateRunKey(runKey);

        // Backticks quote a key with dots in MLflow's search syntax; the key is hex, so it needs no escaping.
        var request = new SearchRunsRequest([experimentId], $"tags.`{MlflowTags.RunKey}` = '{runKey}'", "ALL", 1);
        var response = await SendAsync<SearchRunsResponse>(HttpMethod.Post, "api/2.0/mlflow/runs/search", request, cancellationToken).ConfigureAwait(false);
        var info = response?.Runs?.FirstOrDefault()?.Info;
        var runId = info?.RunId ?? info?.RunUuid;
        if (runId is not null && info?.ArtifactUri is { Length: > 0 } artifactUri)
        {
            artifactRootByRun[runId] = artifactUri;
        }

        return runId;
    }

    public async Task<IReadOnlyList<TrackedRun>> FindRunsByTagAsync(string experimentId, string tagKey, string tagValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        MlflowValidation.ValidateSearchTerm(tagKey, "Tag key");
        MlflowValidation.ValidateSearchTerm(tagValue, "Tag value");
        var request = new SearchRunsRequest([experimentId], $"tags.`{tagKey}` = '{tagValue}'", "ALL", SearchPageSize) { OrderBy = ["attributes.start_time DESC"] };
        var response = await SendAsync<SearchRunsResponse>(HttpMethod.Post, "api/2.0/mlflow/runs/search", request, cancellationToken).ConfigureAwait(false);
        return (response?.Runs ?? []).Select(ToTrackedRun).OfType<TrackedRun>().OrderByDescending(run => run.StartTimeMs).ToList();
    }

    public async Task LogBatchAsync(
        string runId,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        MlflowValidation.ValidateBatch(metrics, parameters, tags);
        foreach (var request in LogBatchChunker.Split(runId, metrics, parameters, tags))
        {
            await SendAsync<JsonElement>(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch", request, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        MlflowValidation.ValidateKey(key, "Tag");
        MlflowValidation.ValidateTagValue(key, value);
        return SendAsync<JsonElement>(HttpMethod.Post, "api/2.0/mlflow/runs/set-tag", new SetTagRequest(runId, key, value), cancellationToken);
    }

    public Task UpdateRunStatusAsync(string runId, RunStatus status, long? endTimeMs = null, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        var endTime = endTimeMs ?? (RunStatusNames.IsTerminal(status) ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : null);
        var request = new UpdateRunRequest(runId, RunStatusNames.ToRestName(status), endTime);
        return SendAsync<JsonElement>(HttpMethod.Post, "api/2.0/mlflow/runs/update", request, cancellationToken);
    }

    public async Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        var relative = await ArtifactProxyPathAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        using var response = await SendCoreAsync(
            () => new HttpRequestMessage(HttpMethod.Put, new Uri(baseUri, relative))
            {
                Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
            },
            relative,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string? folder = null, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        var path = folder is null ? null : string.Join('/', MlflowValidation.SplitArtifactPath(folder));
        var files = new List<ArtifactFile>();
        string? pageToken = null;
        do
        {
            var query = $"api/2.0/mlflow/artifacts/list?run_id={Uri.EscapeDataString(runId)}";
            if (path is not null)
            {
                query += "&path=" + Uri.EscapeDataString(path);
            }

            if (pageToken is not null)
            {
                query += "&page_token=" + Uri.EscapeDataString(pageToken);
            }

            var page = await SendAsync<ListArtifactsResponse>(HttpMethod.Get, query, null, cancellationToken).ConfigureAwait(false);
            files.AddRange((page?.Files ?? [])
                .Where(file => !string.IsNullOrEmpty(file.Path))
                .Select(file => new ArtifactFile(file.Path!, file.IsDir ?? false, file.FileSize)));
            pageToken = string.IsNullOrEmpty(page?.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);

        return files;
    }

    public async Task<byte[]?> DownloadArtifactAsync(string runId, string artifactPath, CancellationToken cancellationToken = default)
    {
        var relative = await ArtifactProxyPathAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await SendCoreAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, relative)), relative, cancellationToken)
                .ConfigureAwait(false);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException exception) when (exception.ErrorCode == MlflowException.ResourceDoesNotExist)
        {
            return null;
        }
    }

    public async Task DeleteArtifactAsync(string runId, string artifactPath, CancellationToken cancellationToken = default)
    {
        var relative = await ArtifactProxyPathAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await SendCoreAsync(() => new HttpRequestMessage(HttpMethod.Delete, new Uri(baseUri, relative)), relative, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MlflowException exception) when (exception.ErrorCode == MlflowException.ResourceDoesNotExist)
        {
            // Already gone.
        }
    }

    public async Task<TrackedRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await TryGetRunDtoAsync(runId, cancellationToken).ConfigureAwait(false);
        return run is null ? null : ToTrackedRun(run);
    }

    private TrackedRun? ToTrackedRun(RunDto run)
    {
        if (run.Info is not { } info || (info.RunId ?? info.RunUuid) is not { } runId)
        {
            return null;
        }

        if (info.ArtifactUri is { Length: > 0 } artifactUri)
        {
            artifactRootByRun[runId] = artifactUri;
        }

        var tags = (run.Data?.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var parameters = (run.Data?.Params ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new TrackedRun(
            runId,
            info.ExperimentId ?? string.Empty,
            info.RunName ?? tags.GetValueOrDefault(MlflowTags.RunName, string.Empty),
            RunStatusNames.FromRestName(info.Status),
            info.StartTime ?? 0,
            info.EndTime,
            tags,
            parameters);
    }

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        MlflowValidation.ValidateRunId(runId);
        MlflowValidation.ValidateKey(key, "Metric");
        var points = new List<Metric>();
        string? pageToken = null;
        do
        {
            var query = $"api/2.0/mlflow/metrics/get-history?run_id={Uri.EscapeDataString(runId)}&metric_key={Uri.EscapeDataString(key)}&max_results={HistoryPageSize}";
            if (pageToken is not null)
            {
                query += "&page_token=" + Uri.EscapeDataString(pageToken);
            }

            var page = await SendAsync<MetricHistoryResponse>(HttpMethod.Get, query, null, cancellationToken).ConfigureAwait(false);
            points.AddRange((page?.Metrics ?? []).Select(m => new Metric(m.Key, m.Value, m.Timestamp, m.Step)));
            pageToken = string.IsNullOrEmpty(page?.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);

        return points;
    }

    private static AuthenticationHeaderValue? CreateAuthorization(TrackingOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return new AuthenticationHeaderValue("Bearer", options.Token);
        }

        if (!string.IsNullOrEmpty(options.Username) && options.Password is not null)
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            return new AuthenticationHeaderValue("Basic", encoded);
        }

        return null;
    }

    private async Task<string?> TryGetExperimentIdByNameAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await SendAsync<GetExperimentResponse>(
                HttpMethod.Get,
                "api/2.0/mlflow/experiments/get-by-name?experiment_name=" + Uri.EscapeDataString(name),
                null,
                cancellationToken).ConfigureAwait(false);
            var experiment = response?.Experiment;
            if (experiment?.ExperimentId is null)
            {
                return null;
            }

            if (experiment.LifecycleStage is { } stage && stage != "active")
            {
                throw new MlflowException("INVALID_STATE", $"Experiment '{name}' ({experiment.ExperimentId}) is deleted; restore it or choose another name.");
            }

            return experiment.ExperimentId;
        }
        catch (MlflowException exception) when (exception.ErrorCode == MlflowException.ResourceDoesNotExist || exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<RunDto?> TryGetRunDtoAsync(string runId, CancellationToken cancellationToken)
    {
        MlflowValidation.ValidateRunId(runId);
        try
        {
            var response = await SendAsync<RunResponse>(
                HttpMethod.Get, "api/2.0/mlflow/runs/get?run_id=" + Uri.EscapeDataString(runId), null, cancellationToken).ConfigureAwait(false);
            return response?.Run;
        }
        catch (MlflowException exception) when (exception.ErrorCode == MlflowException.ResourceDoesNotExist)
        {
            return null;
        }
    }

    /// <summary>The artifact proxy's URL path (relative to the server) of one artifact of the run.</summary>
    private async Task<string> ArtifactProxyPathAsync(string runId, string artifactPath, CancellationToken cancellationToken)
    {
        MlflowValidation.ValidateRunId(runId);
        var segments = MlflowValidation.SplitArtifactPath(artifactPath);
        var artifactRoot = await GetArtifactRootPathAsync(runId, cancellationToken).ConfigureAwait(false);
        return "api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/" + string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    /// <summary>The <c>&lt;experiment_id&gt;/&lt;run_id&gt;/artifacts</c> part of a proxied (mlflow-artifacts:) artifact URI, escaped for a URL.</summary>
    private async Task<string> GetArtifactRootPathAsync(string runId, CancellationToken cancellationToken)
    {
        if (!artifactRootByRun.TryGetValue(runId, out var artifactUri))
        {
            var run = await TryGetRunDtoAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new MlflowException(MlflowException.ResourceDoesNotExist, $"Run '{runId}' does not exist.");
            artifactUri = run.Info?.ArtifactUri is { Length: > 0 } uri
                ? uri
                : $"{ArtifactScheme}/{run.Info?.ExperimentId}/{runId}/artifacts";
            artifactRootByRun[runId] = artifactUri;
        }

        if (!artifactUri.StartsWith(ArtifactScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"Run '{runId}' stores artifacts at '{artifactUri}', which the server does not proxy; start the server with artifact proxying (mlflow-artifacts:).");
        }

        // mlflow-artifacts:/1/abc/artifacts or mlflow-artifacts://host:port/1/abc/artifacts.
        var path = artifactUri[ArtifactScheme.Length..];
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', 2);
            path = slash < 0 ? string.Empty : path[slash..];
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', segments.Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string relativePath, object? body, CancellationToken cancellationToken)
    {
        byte[]? json = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), MlflowJson.Options);
        using var response = await SendCoreAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, new Uri(baseUri, relativePath));
                if (json is not null)
                {
                    request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
                }

                return request;
            },
            relativePath,
            cancellationToken).ConfigureAwait(false);

        if (response.Content.Headers.ContentLength == 0)
        {
            return default;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, MlflowJson.Options);
    }

    /// <summary>Sends with retries; returns a successful response or throws. The caller disposes the response.</summary>
    private async Task<HttpResponseMessage> SendCoreAsync(Func<HttpRequestMessage> createRequest, string relativePath, CancellationToken cancellationToken)
    {
        var operation = relativePath.Split('?')[0];
        for (var attempt = 1; ; attempt++)
        {
            using var request = createRequest();
            request.Headers.Authorization = authorization;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransientException(exception, cancellationToken) && attempt < options.MaxAttempts)
            {
                var delay = RetryDelayCalculator.Compute(options, attempt, null);
                logger.LogDebug(
                    "MLflow {Operation} attempt {Attempt}/{MaxAttempts} failed ({Error}); retrying in {DelayMs} ms",
                    operation, attempt, options.MaxAttempts, exception.GetType().Name, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"MLflow {operation} did not answer within {options.RequestTimeout} after {attempt} attempts.", exception);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (IsTransientStatus(response.StatusCode) && attempt < options.MaxAttempts)
                {
                    var delay = RetryDelayCalculator.Compute(options, attempt, response.Headers.RetryAfter);
                    logger.LogDebug(
                        "MLflow {Operation} attempt {Attempt}/{MaxAttempts} returned {StatusCode}; retrying in {DelayMs} ms",
                        operation, attempt, options.MaxAttempts, (int)response.StatusCode, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw await CreateExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransientException(Exception exception, CancellationToken callerToken) => exception switch
    {
        HttpRequestException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested, // the attempt timed out, not the caller
        TimeoutException => true,
        _ => false,
    };

    private static bool IsTransientStatus(HttpStatusCode statusCode) => statusCode is
        HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static async Task<MlflowException> CreateExceptionAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorResponse? error = null;
        try
        {
            error = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<ErrorResponse>(body, MlflowJson.Options);
        }
        catch (JsonException)
        {
            // Not MLflow's JSON error shape (a proxy page, for example): report the status and the start of the body.
        }

        var code = error?.ErrorCode ?? (response.StatusCode == HttpStatusCode.NotFound ? MlflowException.ResourceDoesNotExist : $"HTTP_{(int)response.StatusCode}");
        var message = error?.Message ?? (body.Length > 500 ? body[..500] : body);
        return new MlflowException(code, $"MLflow {operation} failed with {(int)response.StatusCode}: {message}", response.StatusCode);
    }
}
