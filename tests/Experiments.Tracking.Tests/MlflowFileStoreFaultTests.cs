using Experiments.Testing;
using System.Text;
using Experiments.Tracking.Tests.Support;

namespace Experiments.Tracking.Tests;

/// <summary>
/// The file store on a real full disk (a small tmpfs) and a real read-only folder (a read-only bind mount): a call that
/// cannot complete throws a clear, transient error and leaves every file as it was; repeated once the disk is usable,
/// it logs each point exactly once and the run can be closed.
/// </summary>
public sealed class MlflowFileStoreFaultTests : IDisposable
{
    private const long Timestamp = 1_700_000_000_000;
    private readonly TemporaryFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Metric_appends_that_fill_the_disk_are_rolled_back_and_a_repeat_logs_each_point_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var disk = Path.Combine(temp.Path, "disk");
        using var mount = ScratchMount.Tmpfs(disk, "256k");
        var root = Path.Combine(disk, "mlruns");
        var store = new MlflowFileStore(root);
        var experimentId = await store.GetOrCreateExperimentAsync("full disk", ct);
        var runId = await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        var runDirectory = Path.Combine(root, experimentId, runId);
        await store.LogBatchAsync(runId, [Point("small", 0), Point("big", 0)], cancellationToken: ct);
        var before = Snapshot(runDirectory);

        // "small" still fits in its file's last page; "big" gets part of its lines before the disk is full; "new" is never reached.
        List<Metric> batch = [.. Points("small", 1, 3), .. Points("big", 1, 400), .. Points("new", 0, 3)];
        var filler = FillDisk(disk);
        var error = await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.LogBatchAsync(runId, batch, cancellationToken: ct));

        var bigPath = Path.Combine(runDirectory, "metrics", "big");
        Assert.Equal($"Cannot write {bigPath}: No space left on device.", error.Message);
        Assert.Equal(bigPath, error.Path);
        Assert.True(TrackingFailure.IsTransient(error));
        Assert.Equal(before, Snapshot(runDirectory)); // no partial line, no appended point, no new file
        MlflowReadability.AssertReadable(root);

        // A new metric file gets created but no byte of it can be written: the call removes it again (no 0-byte file).
        await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.LogBatchAsync(runId, Points("fresh", 0, 3), cancellationToken: ct));
        Assert.False(File.Exists(Path.Combine(runDirectory, "metrics", "fresh")));
        Assert.Equal(before, Snapshot(runDirectory));

        File.Delete(filler);
        await store.LogBatchAsync(runId, batch, cancellationToken: ct);

        Assert.Equal(Steps(0, 3), await StepsOf(store, runId, "small", ct));
        Assert.Equal(Steps(0, 400), await StepsOf(store, runId, "big", ct));
        Assert.Equal(Steps(0, 3), await StepsOf(store, runId, "new", ct));
        MlflowReadability.AssertReadable(root);
    }

    [Fact]
    public async Task Params_tags_runs_and_status_on_a_full_disk_leave_no_trace_and_succeed_when_repeated()
    {
        var ct = TestContext.Current.CancellationToken;
        var disk = Path.Combine(temp.Path, "disk");
        using var mount = ScratchMount.Tmpfs(disk, "256k");
        var root = Path.Combine(disk, "mlruns");
        var store = new MlflowFileStore(root);
        var experimentId = await store.GetOrCreateExperimentAsync("full disk", ct);
        var runId = await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        var runDirectory = Path.Combine(root, experimentId, runId);
        var before = Snapshot(runDirectory);
        var parameters = new Dictionary<string, string> { ["lr"] = "0.001" };
        var tags = new Dictionary<string, string> { ["phase"] = "train" };

        var filler = FillDisk(disk);
        var batchError = await Assert.ThrowsAsync<MlflowFileStoreException>(() =>
            store.LogBatchAsync(runId, Points("loss", 0, 5), parameters, tags, ct));
        var statusError = await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.UpdateRunStatusAsync(runId, RunStatus.Finished, cancellationToken: ct));
        var createError = await Assert.ThrowsAsync<MlflowFileStoreException>(() =>
            store.CreateRunAsync(experimentId, "another", new Dictionary<string, string>(), cancellationToken: ct));
        await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.LogArtifactAsync(runId, "plots/loss.csv", new byte[10_000], ct));
        var experimentError = await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.GetOrCreateExperimentAsync("another", ct));

        Assert.Equal($"Cannot write {Path.Combine(runDirectory, "params", "lr")}: No space left on device.", batchError.Message);
        Assert.Equal(Path.Combine(runDirectory, "meta.yaml"), statusError.Path);
        Assert.Contains("No space left on device", createError.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(runDirectory)); // no 0-byte param, no temporary file, meta.yaml untouched
        Assert.Equal([runId], Directory.GetDirectories(Path.Combine(root, experimentId)).Select(Path.GetFileName)); // no half-created run
        Assert.Equal(Path.Combine(root, "2", "meta.yaml"), experimentError.Path);
        Assert.Equal(["0", experimentId], Directory.GetDirectories(root).Select(Path.GetFileName).Order()); // no half-created experiment
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(runId, ct))!.Status);

        File.Delete(filler);
        await store.LogBatchAsync(runId, Points("loss", 0, 5), parameters, tags, ct);
        await store.UpdateRunStatusAsync(runId, RunStatus.Finished, cancellationToken: ct);

        var run = await store.GetRunAsync(runId, ct);
        Assert.Equal(RunStatus.Finished, run!.Status);
        Assert.Equal("0.001", run.Params["lr"]);
        Assert.Equal("train", run.Tags["phase"]);
        Assert.Equal(Steps(0, 5), await StepsOf(store, runId, "loss", ct));
        MlflowReadability.AssertReadable(root);
    }

    [Fact]
    public async Task A_read_only_store_fails_every_write_clearly_and_the_run_is_closed_once_it_is_writable_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Path.Combine(temp.Path, "mlruns");
        var store = new MlflowFileStore(root);
        var experimentId = await store.GetOrCreateExperimentAsync("read-only", ct);
        var runId = await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        var runDirectory = Path.Combine(root, experimentId, runId);
        await store.LogBatchAsync(runId, Points("loss", 0, 2), cancellationToken: ct);
        var before = Snapshot(runDirectory);
        List<Metric> batch = [.. Points("loss", 2, 5), .. Points("val/elbo", 0, 3)];
        var parameters = new Dictionary<string, string> { ["lr"] = "0.001" };

        using (ScratchMount.ReadOnly(root))
        {
            var errors = new List<MlflowFileStoreException>
            {
                await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.LogBatchAsync(runId, batch, parameters, cancellationToken: ct)),
                await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.LogBatchAsync(runId, batch, cancellationToken: ct)),
                await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.SetTagAsync(runId, "phase", "eval", ct)),
                await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.UpdateRunStatusAsync(runId, RunStatus.Finished, cancellationToken: ct)),
                await Assert.ThrowsAsync<MlflowFileStoreException>(() => store.LogArtifactAsync(runId, "model.bin", new byte[] { 1 }, ct)),
                await Assert.ThrowsAsync<MlflowFileStoreException>(() =>
                    store.CreateRunAsync(experimentId, "another", new Dictionary<string, string>(), cancellationToken: ct)),

                // Another process starting on the read-only folder: creating an experiment fails at once instead of waiting on the lock file.
                await Assert.ThrowsAsync<MlflowFileStoreException>(() => new MlflowFileStore(root).GetOrCreateExperimentAsync("new one", ct)),
            };

            Assert.All(errors, e => Assert.EndsWith(": Read-only file system.", e.Message, StringComparison.Ordinal));
            Assert.All(errors, e => Assert.StartsWith("Cannot ", e.Message, StringComparison.Ordinal));
            Assert.All(errors, e => Assert.True(TrackingFailure.IsTransient(e)));
            Assert.Equal(Path.Combine(runDirectory, "params", "lr"), errors[0].Path);
            Assert.Equal(Path.Combine(runDirectory, "metrics", "loss"), errors[1].Path);

            // Reading still works, from this store and from a fresh one.
            Assert.Equal(experimentId, await new MlflowFileStore(root).GetOrCreateExperimentAsync("read-only", ct));
            Assert.Equal(RunStatus.Running, (await new MlflowFileStore(root).GetRunAsync(runId, ct))!.Status);
            Assert.Equal(before, Snapshot(runDirectory));
        }

        await store.LogBatchAsync(runId, batch, parameters, cancellationToken: ct);
        await store.UpdateRunStatusAsync(runId, RunStatus.Finished, cancellationToken: ct);

        Assert.Equal(RunStatus.Finished, (await store.GetRunAsync(runId, ct))!.Status);
        Assert.Equal(Steps(0, 5), await StepsOf(store, runId, "loss", ct));
        Assert.Equal(Steps(0, 3), await StepsOf(store, runId, "val/elbo", ct));
        MlflowReadability.AssertReadable(root);
    }

    private static Metric Point(string key, long step) => new(key, 0.5 + step, Timestamp + step, step);

    private static List<Metric> Points(string key, int from, int to) =>
        Enumerable.Range(from, to - from).Select(step => Point(key, step)).ToList();

    private static List<long> Steps(int from, int to) => Enumerable.Range(from, to - from).Select(i => (long)i).ToList();

    private static async Task<List<long>> StepsOf(MlflowFileStore store, string runId, string key, CancellationToken ct) =>
        (await store.GetMetricHistoryAsync(runId, key, ct)).Select(m => m.Step).ToList();

    /// <summary>Every file of the run folder (path relative to it) with its content.</summary>
    private static SortedDictionary<string, string> Snapshot(string runDirectory) =>
        new(
            Directory.GetFiles(runDirectory, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(runDirectory, f), f => File.ReadAllText(f, Encoding.UTF8)),
            StringComparer.Ordinal);

    /// <summary>Writes a file until the disk is full; returns its path (delete it to free the space).</summary>
    private static string FillDisk(string disk)
    {
        var path = Path.Combine(disk, "filler");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException exception) when (exception.HResult == 28)
        {
            return path; // ENOSPC: the disk is full
        }
    }
}
