using System.Net;
using System.Net.Sockets;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

public sealed class BestEffortTrackerTests : IDisposable
{
    private readonly HttpClient httpClient = new();

    public void Dispose() => httpClient.Dispose();

    [Fact]
    public async Task Never_throws_when_the_server_is_down_and_counts_every_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        var logger = new RecordingLogger<BestEffortTracker>();
        var tracker = new BestEffortTracker(CreateClientForClosedPort(), logger);
        var runId = Guid.NewGuid().ToString("N");

        Assert.Null(await tracker.TryGetOrCreateExperimentAsync("exp", ct));
        Assert.Null(await tracker.TryCreateRunAsync("1", "run", new Dictionary<string, string>(), cancellationToken: ct));
        Assert.False(await tracker.TryLogBatchAsync(runId, [new Metric("loss", 1, 1, 0)], cancellationToken: ct));
        Assert.False(await tracker.TrySetTagAsync(runId, "k", "v", ct));
        Assert.False(await tracker.TryUpdateRunStatusAsync(runId, RunStatus.Failed, cancellationToken: ct));
        Assert.False(await tracker.TryLogArtifactAsync(runId, "a.txt", new byte[] { 1 }, ct));
        Assert.Null(await tracker.TryGetRunAsync(runId, ct));
        Assert.Null(await tracker.TryGetMetricHistoryAsync(runId, "loss", ct));

        Assert.Equal(8, tracker.FailureCount);
        Assert.Equal(8, logger.Entries.Count(e => e.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task Invalid_input_is_a_counted_failure_not_an_exception()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var store = new MlflowFileStore(Path.Combine(temp.Path, "mlruns"));
        var tracker = new BestEffortTracker(store, NullLogger<BestEffortTracker>.Instance);
        var experimentId = await tracker.TryGetOrCreateExperimentAsync("exp", ct);
        var runId = await tracker.TryCreateRunAsync(experimentId!, "run", new Dictionary<string, string>(), cancellationToken: ct);

        Assert.True(await tracker.TryLogBatchAsync(runId!, [new Metric("loss", 1, 1, 0)], new Dictionary<string, string> { ["lr"] = "1" }, cancellationToken: ct));
        Assert.False(await tracker.TryLogBatchAsync(runId!, [new Metric("bad$key", 1, 1, 0)], cancellationToken: ct));
        Assert.False(await tracker.TryLogBatchAsync(runId!, [], new Dictionary<string, string> { ["lr"] = "2" }, cancellationToken: ct));

        Assert.Equal(2, tracker.FailureCount);
        Assert.Single((await tracker.TryGetMetricHistoryAsync(runId!, "loss", ct))!);
    }

    [Fact]
    public async Task Caller_cancellation_is_the_one_exception_that_escapes()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var tracker = new BestEffortTracker(CreateClientForClosedPort(), NullLogger<BestEffortTracker>.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tracker.TryLogBatchAsync(Guid.NewGuid().ToString("N"), [new Metric("m", 1, 1, 0)], cancellationToken: cancelled.Token));
        Assert.Equal(0, tracker.FailureCount);
    }

    private MlflowRestClient CreateClientForClosedPort()
    {
        // Bind and release a port so that nothing listens on it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new TrackingOptions
        {
            TrackingUri = $"http://127.0.0.1:{port}",
            MaxAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
            Token = "never-logged",
        };
        return new MlflowRestClient(httpClient, Options.Create(options), NullLogger<MlflowRestClient>.Instance);
    }
}
