using Experiments.Testing;
using Experiments.Testing.Mlflow;
using System.Net;
using System.Net.Sockets;
using Experiments.Tracking.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

/// <summary>
/// Classifies the failures the real backends raise: "not usable now, repeat later" (transient) against "this request
/// is refused, never repeat it".
/// </summary>
public sealed class TrackingFailureTests : IAsyncLifetime
{
    private readonly TemporaryFolder temp = new();
    private readonly HttpClient httpClient = new();
    private FakeMlflowServer server = null!;

    public async ValueTask InitializeAsync() => server = await FakeMlflowServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        httpClient.Dispose();
        await server.DisposeAsync();
        temp.Dispose();
    }

    [Theory]
    [InlineData(400, "INVALID_PARAMETER_VALUE", false)]
    [InlineData(400, "MALFORMED_REQUEST", false)]
    [InlineData(404, "RESOURCE_DOES_NOT_EXIST", false)]
    [InlineData(409, "RESOURCE_ALREADY_EXISTS", false)]
    [InlineData(401, "UNAUTHENTICATED", true)]
    [InlineData(403, "PERMISSION_DENIED", true)]
    [InlineData(408, "REQUEST_TIMEOUT", true)]
    [InlineData(429, "REQUEST_LIMIT_EXCEEDED", true)]
    [InlineData(500, "INTERNAL_ERROR", true)]
    [InlineData(502, "BAD_GATEWAY", true)]
    [InlineData(503, "TEMPORARILY_UNAVAILABLE", true)]
    [InlineData(504, "GATEWAY_TIMEOUT", true)]
    public async Task Rest_answers_are_transient_when_the_server_is_unusable_and_permanent_when_the_request_is_refused(
        int status, string errorCode, bool transient)
    {
        var ct = TestContext.Current.CancellationToken;
        server.Interceptor = _ => FakeMlflowServer.Error(status, errorCode, "from the test");
        var client = CreateClient(server.BaseUri);

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.LogBatchAsync("abc", [new Metric("loss", 1, 1, 0)], cancellationToken: ct));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(transient, TrackingFailure.IsTransient(error));
    }

    [Fact]
    public async Task A_server_that_is_not_there_and_one_that_does_not_answer_in_time_are_transient()
    {
        var ct = TestContext.Current.CancellationToken;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            CreateClient(new Uri($"http://127.0.0.1:{closedPort}/")).GetOrCreateExperimentAsync("x", ct));
        server.Interceptor = _ => new SlowResult();
        var timedOut = await Assert.ThrowsAnyAsync<Exception>(() =>
            CreateClient(server.BaseUri, TimeSpan.FromMilliseconds(100)).GetOrCreateExperimentAsync("x", ct));

        Assert.IsType<HttpRequestException>(refused);
        Assert.IsType<TimeoutException>(timedOut);
        Assert.True(TrackingFailure.IsTransient(refused));
        Assert.True(TrackingFailure.IsTransient(timedOut));
    }

    [Fact]
    public async Task File_store_refusals_are_permanent()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new MlflowFileStore(Path.Combine(temp.Path, "mlruns"));
        var experimentId = await store.GetOrCreateExperimentAsync("refusals", ct);
        var runId = await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        await store.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.1" }, cancellationToken: ct);

        var changedParam = await Assert.ThrowsAsync<MlflowException>(() =>
            store.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.2" }, cancellationToken: ct));
        var unknownRun = await Assert.ThrowsAsync<MlflowException>(() => store.SetTagAsync(Guid.NewGuid().ToString("N"), "k", "v", ct));
        var unknownExperiment = await Assert.ThrowsAsync<MlflowException>(() =>
            store.CreateRunAsync("4242", "run", new Dictionary<string, string>(), cancellationToken: ct));
        var badKey = await Assert.ThrowsAsync<ArgumentException>(() => store.LogBatchAsync(runId, [new Metric("bad$key", 1, 1, 0)], cancellationToken: ct));

        Assert.All(new Exception[] { changedParam, unknownRun, unknownExperiment, badKey }, e => Assert.False(TrackingFailure.IsTransient(e)));
    }

    [Fact]
    public void Cancellation_and_wrapped_failures_are_classified_by_what_they_carry()
    {
        Assert.True(TrackingFailure.IsTransient(new OperationCanceledException()));
        Assert.True(TrackingFailure.IsTransient(new AggregateException(new TimeoutException(), new HttpRequestException())));
        Assert.False(TrackingFailure.IsTransient(new AggregateException(new TimeoutException(), new ArgumentException("bad"))));
        Assert.False(TrackingFailure.IsTransient(new InvalidOperationException()));
        Assert.False(TrackingFailure.IsTransient(new MlflowException("INVALID_STATE", "experiment deleted")));
        Assert.True(TrackingFailure.IsTransient(new MlflowException("INVALID_RESPONSE", "runs/create returned no run.info.run_id.")));
    }

    private MlflowRestClient CreateClient(Uri baseUri, TimeSpan? requestTimeout = null)
    {
        var options = new TrackingOptions
        {
            TrackingUri = baseUri.ToString(),
            MaxAttempts = 1,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        };
        return new MlflowRestClient(httpClient, Options.Create(options), NullLogger<MlflowRestClient>.Instance);
    }

    /// <summary>Answers only after the client gave up waiting.</summary>
    private sealed class SlowResult : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), httpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            httpContext.Response.StatusCode = 200;
        }
    }
}
