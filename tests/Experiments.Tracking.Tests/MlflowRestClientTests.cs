using Experiments.Testing.Mlflow;
using System.Net;
using System.Text;
using System.Text.Json;
using Experiments.Tracking.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

public sealed class MlflowRestClientTests : IAsyncLifetime
{
    private FakeMlflowServer server = null!;
    private readonly HttpClient httpClient = new();

    public async ValueTask InitializeAsync() => server = await FakeMlflowServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        httpClient.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task GetOrCreate_fetches_by_name_again_when_another_creator_wins_the_race()
    {
        var ct = TestContext.Current.CancellationToken;
        server.OnCreateExperiment = name => server.AddExperiment(name, "777"); // the racing creator commits first
        var client = CreateClient();

        var id = await client.GetOrCreateExperimentAsync("raced sweep", ct);

        Assert.Equal("777", id);
        Assert.Equal(
            ["GET /api/2.0/mlflow/experiments/get-by-name", "POST /api/2.0/mlflow/experiments/create", "GET /api/2.0/mlflow/experiments/get-by-name"],
            server.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(server.RequestsTo("get-by-name"), r => Assert.Equal("?experiment_name=raced%20sweep", r.Query));
        Assert.Equal("{\"name\":\"raced sweep\"}", server.RequestsTo("experiments/create").Single().BodyText);
    }

    [Fact]
    public async Task GetOrCreate_creates_once_and_then_finds_by_name()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();

        var created = await client.GetOrCreateExperimentAsync("fresh", ct);
        var found = await client.GetOrCreateExperimentAsync("fresh", ct);

        Assert.Equal(created, found);
        Assert.Single(server.RequestsTo("experiments/create"));
    }

    [Fact]
    public async Task CreateRun_sends_run_name_start_time_and_mlflow_tags()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var experimentId = await client.GetOrCreateExperimentAsync("runs", ct);
        var parentId = await client.CreateRunAsync(experimentId, "parent", new Dictionary<string, string>(), cancellationToken: ct);

        var childId = await client.CreateRunAsync(experimentId, "child", new Dictionary<string, string> { ["trial"] = "3" }, parentId, cancellationToken: ct);

        var body = JsonDocument.Parse(server.RequestsTo("runs/create").Last().Body).RootElement;
        Assert.Equal(experimentId, body.GetProperty("experiment_id").GetString());
        Assert.Equal("child", body.GetProperty("run_name").GetString());
        Assert.True(body.GetProperty("start_time").GetInt64() > 1_600_000_000_000);
        var child = server.Run(childId);
        Assert.Equal("3", child.Tags["trial"]);
        Assert.Equal(parentId, child.Tags["mlflow.parentRunId"]);
        Assert.Equal("child", child.Tags["mlflow.runName"]);
        Assert.False(server.Run(parentId).Tags.ContainsKey("mlflow.parentRunId"));
    }

    [Fact]
    public async Task LogBatch_is_split_within_mlflow_limits_without_losing_or_duplicating_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);
        var metrics = Enumerable.Range(0, 2500).Select(i => new Metric($"m{i % 7}", i * 0.5, 1_700_000_000_000 + i, i)).ToList();
        metrics[10] = metrics[10] with { Value = double.NaN };
        var parameters = Enumerable.Range(0, 150).ToDictionary(i => $"p{i}", i => $"value-{i}");
        var tags = Enumerable.Range(0, 120).ToDictionary(i => $"t{i}", i => $"tag-{i}");

        await client.LogBatchAsync(runId, metrics, parameters, tags, ct);

        var batches = server.RequestsTo("runs/log-batch");
        Assert.True(batches.Count >= 3, $"expected at least 3 requests, got {batches.Count}");
        foreach (var batch in batches)
        {
            var body = JsonDocument.Parse(batch.Body).RootElement;
            var metricCount = body.GetProperty("metrics").GetArrayLength();
            var paramCount = body.GetProperty("params").GetArrayLength();
            var tagCount = body.GetProperty("tags").GetArrayLength();
            Assert.InRange(metricCount, 0, 1000);
            Assert.InRange(paramCount, 0, 100);
            Assert.InRange(tagCount, 0, 100);
            Assert.InRange(metricCount + paramCount + tagCount, 1, 1000);
            Assert.True(batch.Body.Length < 1_000_000);
            Assert.Equal(runId, body.GetProperty("run_id").GetString());
        }

        var run = server.Run(runId);
        Assert.Equal(2500, run.Metrics.Count);
        Assert.Equal(metrics.Select(m => m.Step), run.Metrics.Select(m => m.Step)); // each point once, in order
        Assert.True(double.IsNaN(run.Metrics[10].Value));
        Assert.Equal(parameters, run.Params);
        Assert.Equal(121, run.Tags.Count); // 120 + mlflow.runName from run creation
        Assert.All(tags, t => Assert.Equal(t.Value, run.Tags[t.Key]));
    }

    [Fact]
    public async Task LogBatch_splits_by_body_size_under_one_megabyte()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);
        var parameters = Enumerable.Range(0, 100).ToDictionary(i => $"p{i}", i => new string('p', 6000));
        var tags = Enumerable.Range(0, 100).ToDictionary(i => $"t{i}", i => new string('t', 5000));

        await client.LogBatchAsync(runId, [], parameters, tags, ct);

        var batches = server.RequestsTo("runs/log-batch");
        Assert.True(batches.Count >= 2);
        Assert.All(batches, b => Assert.True(b.Body.Length < 1_000_000, $"body of {b.Body.Length} bytes"));
        Assert.Equal(100, server.Run(runId).Params.Count);
        Assert.Equal(101, server.Run(runId).Tags.Count);
    }

    [Fact]
    public async Task Too_long_values_are_rejected_before_anything_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);

        var paramError = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.LogBatchAsync(runId, [new Metric("ok", 1, 1, 1)], new Dictionary<string, string> { ["huge"] = new string('x', 6001) }, cancellationToken: ct));
        var tagError = await Assert.ThrowsAsync<ArgumentException>(() => client.SetTagAsync(runId, "note", new string('x', 5001), ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.LogBatchAsync(runId, [new Metric(new string('k', 251), 1, 1, 1)], cancellationToken: ct));

        Assert.Contains("'huge'", paramError.Message, StringComparison.Ordinal);
        Assert.Contains("'note'", tagError.Message, StringComparison.Ordinal);
        Assert.Empty(server.RequestsTo("runs/log-batch"));
        Assert.Empty(server.RequestsTo("runs/set-tag"));
    }

    [Fact]
    public async Task Transient_errors_are_retried_until_success()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);
        var failuresLeft = 3;
        server.Interceptor = request =>
            request.Path.EndsWith("runs/log-batch", StringComparison.Ordinal) && Interlocked.Decrement(ref failuresLeft) >= 0
                ? failuresLeft switch
                {
                    2 => FakeMlflowServer.Error(503, "TEMPORARILY_UNAVAILABLE", "busy"),
                    1 => new RetryAfterResult(),
                    _ => FakeMlflowServer.Error(502, "BAD_GATEWAY", "proxy"),
                }
                : null;

        await client.LogBatchAsync(runId, [new Metric("loss", 1, 1, 0)], cancellationToken: ct);

        Assert.Equal(4, server.RequestsTo("runs/log-batch").Count);
        Assert.Single(server.Run(runId).Metrics);
    }

    [Fact]
    public async Task Retries_stop_after_max_attempts_with_the_server_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient(o => o.MaxAttempts = 3);
        server.Interceptor = _ => FakeMlflowServer.Error(503, "TEMPORARILY_UNAVAILABLE", "down for maintenance");

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetOrCreateExperimentAsync("x", ct));

        Assert.Equal("TEMPORARILY_UNAVAILABLE", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Client_errors_surface_as_MlflowException_without_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);
        await client.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.1" }, cancellationToken: ct);
        await client.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.1" }, cancellationToken: ct); // same value: fine

        var error = await Assert.ThrowsAsync<MlflowException>(() =>
            client.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.2" }, cancellationToken: ct));

        Assert.Equal("INVALID_PARAMETER_VALUE", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Changing param values is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.RequestsTo("runs/log-batch").Count); // the rejected call was sent exactly once
    }

    [Fact]
    public async Task Bearer_token_is_sent_and_never_logged()
    {
        var ct = TestContext.Current.CancellationToken;
        server.ExpectedAuthorization = "Bearer s3cr3t-token";
        var logger = new RecordingLogger<MlflowRestClient>();
        var failOnce = 1;
        server.Interceptor = _ => Interlocked.Decrement(ref failOnce) >= 0 ? FakeMlflowServer.Error(503, "TEMPORARILY_UNAVAILABLE", "busy") : null;
        var client = CreateClient(o => o.Token = "s3cr3t-token", logger);

        await client.GetOrCreateExperimentAsync("auth", ct);

        Assert.All(server.Requests, r => Assert.Equal("Bearer s3cr3t-token", r.Authorization));
        Assert.NotEmpty(logger.Entries); // the retry was logged...
        Assert.DoesNotContain(logger.Entries, e => e.Text.Contains("s3cr3t", StringComparison.Ordinal)); // ...without the token
    }

    [Fact]
    public async Task Basic_auth_is_sent_when_no_token_is_set()
    {
        var ct = TestContext.Current.CancellationToken;
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pa:ss"));
        server.ExpectedAuthorization = expected;
        var client = CreateClient(o =>
        {
            o.Username = "alice";
            o.Password = "pa:ss";
        });

        await client.GetOrCreateExperimentAsync("auth", ct);

        Assert.All(server.Requests, r => Assert.Equal(expected, r.Authorization));
    }

    [Fact]
    public async Task Missing_credentials_are_reported_as_unauthenticated()
    {
        var ct = TestContext.Current.CancellationToken;
        server.ExpectedAuthorization = "Bearer right";
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetOrCreateExperimentAsync("auth", ct));

        Assert.Equal("UNAUTHENTICATED", error.ErrorCode);
        Assert.Single(server.Requests);
        Assert.Null(server.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Artifacts_are_put_to_the_proxied_artifact_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var experimentId = await client.GetOrCreateExperimentAsync("artifacts", ct);
        var runId = await client.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        var content = Encoding.UTF8.GetBytes("weights");

        await client.LogArtifactAsync(runId, "checkpoints/best model.bin", content, ct);
        await CreateClient().LogArtifactAsync(runId, "summary.json", content, ct); // fresh client: learns the location from runs/get

        var puts = server.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal($"/api/2.0/mlflow-artifacts/artifacts/{experimentId}/{runId}/artifacts/checkpoints/best model.bin", puts[0].Path); // Kestrel decodes the escaped space
        Assert.Equal($"/api/2.0/mlflow-artifacts/artifacts/{experimentId}/{runId}/artifacts/summary.json", puts[1].Path);
        Assert.Equal(content, puts[0].Body);
        Assert.Equal(content, server.Artifacts[$"{experimentId}/{runId}/artifacts/summary.json"]);
        Assert.Single(server.RequestsTo("runs/get"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.LogArtifactAsync(runId, "../outside", content, ct));
    }

    [Fact]
    public async Task Status_updates_run_reads_and_paginated_history_round_trip()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);
        var points = Enumerable.Range(0, 250).Select(i => new Metric("loss", 1.0 / (i + 1), 1000 + i, i)).ToList();
        points[5] = points[5] with { Value = double.NaN };
        await client.LogBatchAsync(runId, points, new Dictionary<string, string> { ["lr"] = "0.1" }, cancellationToken: ct);
        await client.SetTagAsync(runId, "phase", "eval", ct);
        await client.UpdateRunStatusAsync(runId, RunStatus.Killed, 9999, ct);

        var update = JsonDocument.Parse(server.RequestsTo("runs/update").Single().Body).RootElement;
        Assert.Equal("KILLED", update.GetProperty("status").GetString());
        Assert.Equal(9999, update.GetProperty("end_time").GetInt64());
        var run = await client.GetRunAsync(runId, ct);
        Assert.NotNull(run);
        Assert.Equal(RunStatus.Killed, run.Status);
        Assert.Equal(9999, run.EndTimeMs);
        Assert.Equal("eval", run.Tags["phase"]);
        Assert.Equal("0.1", run.Params["lr"]);
        Assert.Equal("run", run.RunName);

        var history = await client.GetMetricHistoryAsync(runId, "loss", ct);
        Assert.Equal(250, history.Count);
        Assert.Equal(points.Select(p => p.Step), history.Select(p => p.Step));
        Assert.True(double.IsNaN(history[5].Value));
        Assert.Equal(3, server.RequestsTo("metrics/get-history").Count); // pages of 100
        Assert.Null(await client.GetRunAsync(Guid.NewGuid().ToString("N"), ct));
    }

    [Fact]
    public async Task Running_status_update_sends_no_end_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var runId = await NewRunAsync(client, ct);

        await client.UpdateRunStatusAsync(runId, RunStatus.Running, cancellationToken: ct);

        Assert.Equal($"{{\"run_id\":\"{runId}\",\"status\":\"RUNNING\"}}", server.RequestsTo("runs/update").Single().BodyText);
    }

    private MlflowRestClient CreateClient(Action<TrackingOptions>? configure = null, RecordingLogger<MlflowRestClient>? logger = null)
    {
        var options = new TrackingOptions
        {
            TrackingUri = server.BaseUri.ToString(),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new MlflowRestClient(httpClient, Options.Create(options), logger ?? (Microsoft.Extensions.Logging.ILogger<MlflowRestClient>)NullLogger<MlflowRestClient>.Instance);
    }

    private static async Task<string> NewRunAsync(MlflowRestClient client, CancellationToken ct)
    {
        var experimentId = await client.GetOrCreateExperimentAsync("exp", ct);
        return await client.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
    }

    /// <summary>429 with a Retry-After of zero seconds: the client must wait (not long) and retry.</summary>
    private sealed class RetryAfterResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 429;
            httpContext.Response.Headers.RetryAfter = "0";
            return httpContext.Response.WriteAsJsonAsync(new { error_code = "REQUEST_LIMIT_EXCEEDED", message = "slow down" });
        }
    }
}
