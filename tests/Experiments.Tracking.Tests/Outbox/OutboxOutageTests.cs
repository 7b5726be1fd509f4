using Experiments.Testing;
using Experiments.Testing.Mlflow;
using Experiments.Tracking.Outbox;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Experiments.Tracking.Tests.Outbox.OutboxTesting;

namespace Experiments.Tracking.Tests.Outbox;

/// <summary>
/// A real HTTP server playing MLflow goes away (connections refused) and comes back, while training goes on logging:
/// what it ends up with is compared to what a server that never went away got from the same calls.
/// </summary>
public sealed class OutboxOutageTests : IAsyncLifetime
{
    private const int Epochs = 30;
    private readonly HttpClient httpClient = new();
    private FakeMlflowServer steady = null!;
    private FakeMlflowServer flaky = null!;

    public async ValueTask InitializeAsync()
    {
        steady = await FakeMlflowServer.StartAsync();
        flaky = await FakeMlflowServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        httpClient.Dispose();
        await steady.DisposeAsync();
        await flaky.DisposeAsync();
    }

    [Fact]
    public async Task A_server_that_goes_away_mid_run_and_comes_back_ends_with_the_same_runs_as_one_that_never_went_away()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var log = new RecordingLoggerProvider();
        await using var steadyOutbox = Create(Client(steady), Path.Combine(temp.Path, "steady"));
        await using var flakyOutbox = Create(Client(flaky), Path.Combine(temp.Path, "flaky"), log);

        string? errorDuringOutage = null;
        await Task.WhenAll(
            PlayTrainingAsync(steadyOutbox, _ => Task.CompletedTask, ct),
            PlayTrainingAsync(flakyOutbox, async epoch =>
            {
                if (epoch == 5)
                {
                    await flaky.StopAsync();
                }
                else if (epoch == 20)
                {
                    // Training went on for 15 epochs against a dead server; delivery kept failing all along.
                    errorDuringOutage = flakyOutbox.Status.LastError;
                    Assert.True(flakyOutbox.Status.Pending > 15, flakyOutbox.Status.ToString());
                    await flaky.RestartAsync();
                }
            }, ct));

        Assert.True(await steadyOutbox.WaitForDeliveryAsync(DeliveryTimeout, ct), steadyOutbox.Status.ToString());
        Assert.True(await flakyOutbox.WaitForDeliveryAsync(DeliveryTimeout, ct), flakyOutbox.Status.ToString());

        Assert.NotNull(errorDuringOutage);
        Assert.Contains("refused", errorDuringOutage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Describe(steady), Describe(flaky));
        var child = flaky.AllRuns().Single(run => run.RunName == "trial-0000");
        Assert.Equal("FINISHED", child.Status);
        Assert.Equal(Epochs, child.Metrics.Count(m => m.Key == "elbo"));
        Assert.Equal(-200 + Epochs, child.Metrics.Last(m => m.Key == "elbo").Value);
        Assert.Equal(0, flakyOutbox.Status.Rejected);
        Assert.Equal(0, flakyOutbox.Status.Dropped);
        Assert.Single(log.Warnings, w => w.Contains("cannot take tracking data", StringComparison.Ordinal));
        Assert.Single(log.Warnings, w => w.Contains("takes tracking data again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Items_left_by_a_process_that_stopped_during_the_outage_are_delivered_once_by_the_next_one()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var root = Path.Combine(temp.Path, "outbox");
        await flaky.StopAsync();
        await using (var first = Create(Client(flaky), root))
        {
            await PlayTrainingAsync(first, _ => Task.CompletedTask, ct);
            await first.StopAsync(TimeSpan.FromMilliseconds(300), ct);
            Assert.True(first.Status.Pending > Epochs, first.Status.ToString());
        }

        await flaky.RestartAsync();
        await using (var next = Create(Client(flaky), root))
        {
            Assert.True(await next.WaitForDeliveryAsync(DeliveryTimeout, ct), next.Status.ToString());
        }

        await using (var reference = Create(Client(steady), Path.Combine(temp.Path, "steady")))
        {
            await PlayTrainingAsync(reference, _ => Task.CompletedTask, ct);
            Assert.True(await reference.WaitForDeliveryAsync(DeliveryTimeout, ct), reference.Status.ToString());
        }

        Assert.Equal(Describe(steady), Describe(flaky));
    }

    /// <summary>What a trial sends: a parent and a child run, params, a metric per epoch, images, the end of both runs.</summary>
    private static async Task PlayTrainingAsync(ITrackingOutbox outbox, Func<int, Task> afterEpoch, CancellationToken ct)
    {
        var parent = await outbox.CreateRunAsync("outage", "sweep", new Dictionary<string, string> { ["experiments.kind"] = "sweep" }, cancellationToken: ct);
        var child = await outbox.CreateRunAsync("outage", "trial-0000", new Dictionary<string, string> { ["experiments.kind"] = "trial" }, parent.Key, ct);
        await outbox.LogBatchAsync(child, [], new Dictionary<string, string> { ["learning_rate"] = "0.002", ["batch_size"] = "64" }, cancellationToken: ct);
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            await outbox.LogBatchAsync(child, [Point("train_loss", 1.0 / epoch, epoch * 100), Point("elbo", -200 + epoch, epoch)], cancellationToken: ct);
            if (epoch % 10 == 0)
            {
                await outbox.LogArtifactAsync(child, $"samples/epoch-{epoch:D4}.png", new byte[] { 137, 80, 78, 71, (byte)epoch }, ct);
            }

            await outbox.LogBatchAsync(parent, [Point("best_elbo", -200 + epoch, epoch)], cancellationToken: ct);
            await afterEpoch(epoch);
            await Task.Delay(20, ct);
        }

        await outbox.SetRunStatusAsync(child, RunStatus.Finished, 1_700_000_500_000, cancellationToken: ct);
        await outbox.SetRunStatusAsync(parent, RunStatus.Finished, 1_700_000_600_000, cancellationToken: ct);
    }

    /// <summary>Everything a user sees of the runs, with the server's own ids left out.</summary>
    private static string Describe(FakeMlflowServer server)
    {
        var runs = server.AllRuns().OrderBy(run => run.RunName, StringComparer.Ordinal).ToList();
        var idsToNames = runs.ToDictionary(run => run.RunId, run => run.RunName);
        return string.Join(
            Environment.NewLine,
            runs.Select(run => string.Join(
                " | ",
                run.RunName,
                run.Status,
                run.EndTime,
                string.Join(",", run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
                string.Join(",", run.Tags.Where(t => t.Key is not (MlflowTags.RunKey or OutboxTags.ParentRunKey))
                    .OrderBy(t => t.Key, StringComparer.Ordinal)
                    .Select(t => $"{t.Key}={(t.Key == MlflowTags.ParentRunId ? idsToNames.GetValueOrDefault(t.Value, "?") : t.Value)}")),
                string.Join(",", run.Metrics.Select(m => $"{m.Key}@{m.Step}:{m.Value}:{m.TimestampMs}")),
                string.Join(",", server.Artifacts.Where(a => a.Key.Contains(run.RunId, StringComparison.Ordinal))
                    .Select(a => $"{a.Key[(a.Key.IndexOf("/artifacts/", StringComparison.Ordinal) + 11)..]}:{Convert.ToHexString(a.Value)}")
                    .Order(StringComparer.Ordinal)))));
    }

    private MlflowRestClient Client(FakeMlflowServer server) => new(
        httpClient,
        Options.Create(new TrackingOptions { TrackingUri = server.BaseUri.ToString(), MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(10) }),
        NullLogger<MlflowRestClient>.Instance);
}
