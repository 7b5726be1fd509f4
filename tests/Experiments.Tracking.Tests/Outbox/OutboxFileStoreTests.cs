using Experiments.Testing;
using Experiments.Tracking.Outbox;
using Experiments.Tracking.Tests.Support;
using static Experiments.Tracking.Tests.Outbox.OutboxTesting;

namespace Experiments.Tracking.Tests.Outbox;

/// <summary>The outbox over the real MLflow file store, with the store's disk failing and recovering for real.</summary>
public sealed class OutboxFileStoreTests
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    [Fact]
    public async Task Everything_queued_arrives_in_order_with_the_child_nested_under_its_parent_and_closed_last()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var store = new MlflowFileStore(Path.Combine(temp.Path, "mlruns"));
        await using var outbox = Create(store, Path.Combine(temp.Path, "outbox"));

        var parent = await outbox.CreateRunAsync("outbox-order", "sweep", new Dictionary<string, string> { ["kind"] = "sweep" }, cancellationToken: ct);
        var child = await outbox.CreateRunAsync("outbox-order", "trial-0000", NoTags, parent.Key, ct);
        await outbox.LogBatchAsync(child, [], new Dictionary<string, string> { ["learning_rate"] = "0.001" }, cancellationToken: ct);
        for (var epoch = 1; epoch <= 5; epoch++)
        {
            await outbox.LogBatchAsync(child, [Point("elbo", -200 + (10 * epoch), epoch)], cancellationToken: ct);
        }

        await outbox.LogArtifactAsync(child, "samples/epoch-0005.png", new byte[] { 1, 2, 3 }, ct);
        await outbox.LogArtifactAsync(child, "checkpoints/epoch-0004.ckpt", new byte[] { 4 }, ct);
        await outbox.LogArtifactAsync(child, "checkpoints/epoch-0005.ckpt", new byte[] { 5 }, ct);
        await outbox.DeleteArtifactAsync(child, "checkpoints/epoch-0004.ckpt", ct);
        await outbox.SetRunStatusAsync(child, RunStatus.Finished, 1_700_000_009_000, cancellationToken: ct);

        Assert.True(await outbox.WaitForDeliveryAsync(DeliveryTimeout, ct), $"not delivered: {outbox.Status}");
        var run = await store.GetRunAsync(child.Key, ct);
        Assert.NotNull(run);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal(1_700_000_009_000, run.EndTimeMs);
        Assert.Equal(parent.Key, run.Tags[MlflowTags.ParentRunId]);
        Assert.Equal(child.Key, run.Tags[MlflowTags.RunKey]);
        Assert.Equal("0.001", run.Params["learning_rate"]);
        var history = await store.GetMetricHistoryAsync(child.Key, "elbo", ct);
        Assert.Equal([-190.0, -180, -170, -160, -150], history.Select(m => m.Value));
        Assert.Equal([1L, 2, 3, 4, 5], history.Select(m => m.Step));
        Assert.True(File.Exists(Path.Combine(temp.Path, "mlruns", run.ExperimentId, child.Key, "artifacts", "samples", "epoch-0005.png")));
        Assert.Equal(["checkpoints/epoch-0005.ckpt"], (await store.ListArtifactsAsync(child.Key, "checkpoints", ct)).Select(file => file.Path));
        Assert.Equal(0, outbox.Status.Pending);
        Assert.Equal(13, outbox.Status.Delivered);
    }

    [Fact]
    public async Task While_the_store_is_read_only_items_wait_and_the_run_is_closed_properly_once_it_is_writable_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var mlruns = Path.Combine(temp.Path, "mlruns");
        var store = new MlflowFileStore(mlruns);
        var log = new RecordingLoggerProvider();
        await using var outbox = Create(store, Path.Combine(temp.Path, "outbox"), log);
        var run = await outbox.CreateRunAsync("outbox-readonly", "trial-0000", NoTags, cancellationToken: ct);
        await outbox.LogBatchAsync(run, [Point("loss", 1.0, 1)], cancellationToken: ct);
        Assert.True(await outbox.WaitForDeliveryAsync(DeliveryTimeout, ct));

        using (var readOnly = ScratchMount.ReadOnly(mlruns))
        {
            for (var step = 2; step <= 4; step++)
            {
                await outbox.LogBatchAsync(run, [Point("loss", 1.0 / step, step)], cancellationToken: ct);
                await outbox.LogArtifactAsync(run, $"samples/{step}.png", new byte[] { (byte)step }, ct);
            }

            await outbox.SetRunStatusAsync(run, RunStatus.Finished, 1_700_000_100_000, cancellationToken: ct);
            await WaitUntilAsync(() => outbox.Status.LastError is not null, ct);

            Assert.False(await outbox.WaitForDeliveryAsync(TimeSpan.FromSeconds(1), ct));
            Assert.True(outbox.Status.Pending >= 1, outbox.Status.ToString());
            Assert.Contains("Read-only", outbox.Status.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(RunStatus.Running, (await store.GetRunAsync(run.Key, ct))!.Status);
            readOnly.Unmount();
        }

        Assert.True(await outbox.WaitForDeliveryAsync(DeliveryTimeout, ct), $"not delivered: {outbox.Status}");
        var closed = await store.GetRunAsync(run.Key, ct);
        Assert.Equal(RunStatus.Finished, closed!.Status);
        Assert.Equal([1.0, 1.0 / 2, 1.0 / 3, 1.0 / 4], (await store.GetMetricHistoryAsync(run.Key, "loss", ct)).Select(m => m.Value));
        Assert.Null(outbox.Status.LastError);

        // One warning when the outage began and one when it ended, however many retries there were in between.
        var warnings = log.Warnings;
        Assert.Single(warnings, w => w.Contains("cannot take tracking data", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Contains("takes tracking data again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Items_a_stopped_process_left_undelivered_are_delivered_by_the_next_one_using_the_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var mlruns = Path.Combine(temp.Path, "mlruns");
        var outboxRoot = Path.Combine(temp.Path, "outbox");
        var store = new MlflowFileStore(mlruns);
        Directory.CreateDirectory(mlruns);

        RunReference first;
        RunReference second;
        await using (var keeper = Create(store, outboxRoot))
        {
            // A process that keeps running holds folder 0; two others stop while the store cannot be written.
            using (var readOnly = ScratchMount.ReadOnly(mlruns))
            {
                var left1 = Create(store, outboxRoot);
                var left2 = Create(store, outboxRoot);
                first = await QueueRunAsync(left1, "left-1", ct);
                second = await QueueRunAsync(left2, "left-2", ct);
                Assert.NotEqual(left1.Status.Folder, left2.Status.Folder);
                await left1.DisposeAsync();
                await left2.DisposeAsync();
                readOnly.Unmount();
            }

            Assert.Null(await store.GetRunAsync(first.Key, ct));
            await using var next = Create(store, outboxRoot);
            Assert.True(await next.WaitForDeliveryAsync(DeliveryTimeout, ct), $"not delivered: {next.Status}");
        }

        foreach (var run in new[] { first, second })
        {
            var delivered = await store.GetRunAsync(run.Key, ct);
            Assert.Equal(RunStatus.Finished, delivered?.Status);
            Assert.Equal([1L, 2, 3], (await store.GetMetricHistoryAsync(run.Key, "loss", ct)).Select(m => m.Step));
        }
    }

    [Fact]
    public async Task An_item_the_store_refuses_for_good_is_set_aside_and_the_items_behind_it_are_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var store = new MlflowFileStore(Path.Combine(temp.Path, "mlruns"));
        var log = new RecordingLoggerProvider();
        await using var outbox = Create(store, Path.Combine(temp.Path, "outbox"), log);

        var run = await outbox.CreateRunAsync("outbox-refused", "trial-0000", NoTags, cancellationToken: ct);
        await outbox.LogBatchAsync(run, [], new Dictionary<string, string> { ["batch_size"] = "64" }, cancellationToken: ct);
        await outbox.LogBatchAsync(run, [], new Dictionary<string, string> { ["batch_size"] = "128" }, cancellationToken: ct); // params never change
        await outbox.LogBatchAsync(run, [Point("loss", 0.5, 1)], cancellationToken: ct);
        await outbox.SetRunStatusAsync(run, RunStatus.Finished, 1_700_000_200_000, cancellationToken: ct);

        Assert.True(await outbox.WaitForDeliveryAsync(DeliveryTimeout, ct), $"not delivered: {outbox.Status}");
        var delivered = await store.GetRunAsync(run.Key, ct);
        Assert.Equal(RunStatus.Finished, delivered!.Status);
        Assert.Equal("64", delivered.Params["batch_size"]);
        Assert.Single(await store.GetMetricHistoryAsync(run.Key, "loss", ct));
        Assert.Equal(1, outbox.Status.Rejected);
        var rejected = File.ReadAllLines(Path.Combine(outbox.Status.Folder, "rejected.jsonl"));
        Assert.Single(rejected);
        Assert.Contains("128", rejected[0], StringComparison.Ordinal);
        Assert.Single(log.Warnings, w => w.Contains("refused tracking data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Beyond_its_size_limit_the_outbox_drops_new_items_counts_them_and_says_so_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TemporaryFolder();
        var mlruns = Path.Combine(temp.Path, "mlruns");
        var store = new MlflowFileStore(mlruns);
        var log = new RecordingLoggerProvider();
        await using var outbox = Create(store, Path.Combine(temp.Path, "outbox"), log, options => options.MaxBytes = 4096);
        using var readOnly = ScratchMount.ReadOnly(mlruns);

        var run = await outbox.CreateRunAsync("outbox-bounded", "trial-0000", NoTags, cancellationToken: ct);
        for (var step = 0; step < 200; step++)
        {
            await outbox.LogBatchAsync(run, [Point("loss", step, step)], cancellationToken: ct);
        }

        var status = outbox.Status;
        Assert.True(status.PendingBytes <= 4096, status.ToString());
        Assert.True(status.Dropped > 100, status.ToString());
        Assert.Equal(201, status.Pending + status.Dropped);
        Assert.Single(log.Warnings, w => w.Contains("cannot be queued", StringComparison.Ordinal));
    }

    /// <summary>Queues a whole run and stops delivering, as a process that ends while the store is down.</summary>
    private static async Task<RunReference> QueueRunAsync(TrackingOutbox outbox, string name, CancellationToken ct)
    {
        var run = await outbox.CreateRunAsync("outbox-left-behind", name, NoTags, cancellationToken: ct);
        for (var step = 1; step <= 3; step++)
        {
            await outbox.LogBatchAsync(run, [Point("loss", step, step)], cancellationToken: ct);
        }

        await outbox.SetRunStatusAsync(run, RunStatus.Finished, 1_700_000_300_000, cancellationToken: ct);
        await outbox.StopAsync(TimeSpan.FromMilliseconds(200), ct);
        Assert.Equal(5, outbox.Status.Pending);
        return run;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20, ct);
        }
    }
}
