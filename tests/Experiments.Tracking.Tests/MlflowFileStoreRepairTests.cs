using Experiments.Testing;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.Tests;

/// <summary>
/// What a killed process leaves in mlruns (a metric line cut short, an empty metric file, temporary files) is repaired
/// by the next process the first time it writes to that run, and a batch repeated after such a crash logs each point once.
/// </summary>
public sealed class MlflowFileStoreRepairTests : IDisposable
{
    private readonly TemporaryFolder temp = new();
    private readonly string root;

    public MlflowFileStoreRepairTests() => root = Path.Combine(temp.Path, "mlruns");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Damage_left_by_a_killed_process_is_repaired_the_first_time_the_run_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new MlflowFileStore(root);
        var experimentId = await first.GetOrCreateExperimentAsync("repair", ct);
        var runId = await first.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        await first.LogBatchAsync(runId, [new Metric("loss", 0.5, 1_700_000_000_000, 0), new Metric("loss", 0.25, 1_700_000_000_001, 1)], cancellationToken: ct);
        await first.SetTagAsync(runId, "note", string.Empty, ct); // an empty value is valid: MLflow reads it as ""

        var experimentDirectory = Path.Combine(root, experimentId);
        var runDirectory = Path.Combine(experimentDirectory, runId);
        var loss = Path.Combine(runDirectory, "metrics", "loss");
        var intact = File.ReadAllText(loss);

        // What the killed process left: half a line, a metric file created but never written, temporary files of atomic writes.
        File.AppendAllText(loss, "1700000000002 0.12");
        var empty = Path.Combine(runDirectory, "metrics", "val", "kl");
        Directory.CreateDirectory(Path.GetDirectoryName(empty)!);
        File.WriteAllBytes(empty, []);
        var runTemp = Path.Combine(runDirectory, "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(runTemp, "run_id: half");
        var experimentTemp = Path.Combine(experimentDirectory, "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllBytes(experimentTemp, []);
        Assert.ThrowsAny<Exception>(() => MlflowReadability.AssertReadable(root)); // MLflow could not read this experiment

        var logger = new RecordingLogger<MlflowFileStore>();
        var next = new MlflowFileStore(root, logger);
        await next.SetTagAsync(runId, "phase", "eval", ct);
        await next.CreateRunAsync(experimentId, "another", new Dictionary<string, string>(), cancellationToken: ct);

        Assert.Equal(intact, File.ReadAllText(loss));
        Assert.False(File.Exists(empty));
        Assert.False(File.Exists(runTemp));
        Assert.False(File.Exists(experimentTemp));
        Assert.Equal(string.Empty, File.ReadAllText(Path.Combine(runDirectory, "tags", "note")));
        MlflowReadability.AssertReadable(root);

        var repairs = logger.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.Text).ToList();
        Assert.Equal(4, repairs.Count);
        Assert.Contains(repairs, r => r.StartsWith($"Truncated {loss} to its last complete line: removed 18 bytes", StringComparison.Ordinal));
        Assert.Contains(repairs, r => r.StartsWith($"Removed {empty}, an empty metric file", StringComparison.Ordinal));
        Assert.Contains(repairs, r => r.StartsWith($"Removed {runTemp}, a temporary file", StringComparison.Ordinal));
        Assert.Contains(repairs, r => r.StartsWith($"Removed {experimentTemp}, a temporary file", StringComparison.Ordinal));

        // Once per run and process: later writes do not look again.
        File.WriteAllBytes(empty, []);
        await next.SetTagAsync(runId, "phase", "done", ct);
        Assert.True(File.Exists(empty));
        Assert.Equal(4, logger.Entries.Count(e => e.Level == LogLevel.Information));
    }

    [Fact]
    public async Task A_batch_repeated_after_a_crash_in_the_middle_of_it_logs_each_point_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new MlflowFileStore(root);
        var experimentId = await first.GetOrCreateExperimentAsync("crash", ct);
        var runId = await first.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        await first.LogBatchAsync(runId, [new Metric("a", 0.5, 1_700_000_000_000, 0)], cancellationToken: ct);
        var runDirectory = Path.Combine(root, experimentId, runId);

        List<Metric> batch =
        [
            .. Enumerable.Range(1, 5).Select(step => new Metric("a", step + 0.5, 1_700_000_000_000 + step, step)),
            .. Enumerable.Range(1, 3).Select(step => new Metric("b", step + 0.25, 1_700_000_000_000 + step, step)),
        ];

        // The process died while appending this batch: two lines and a half of "a" made it to disk, nothing of "b".
        File.AppendAllText(Path.Combine(runDirectory, "metrics", "a"), "1700000000001 1.5 1\n1700000000002 2.5 2\n1700000000003 3.");

        var next = new MlflowFileStore(root);
        await next.LogBatchAsync(runId, batch, cancellationToken: ct);

        Assert.Equal([0L, 1, 2, 3, 4, 5], (await next.GetMetricHistoryAsync(runId, "a", ct)).Select(m => m.Step));
        Assert.Equal([1L, 2, 3], (await next.GetMetricHistoryAsync(runId, "b", ct)).Select(m => m.Step));

        // The whole batch again (its success was never reported): nothing is added.
        await next.LogBatchAsync(runId, batch, cancellationToken: ct);
        Assert.Equal(6, (await next.GetMetricHistoryAsync(runId, "a", ct)).Count);
        Assert.Equal(3, (await next.GetMetricHistoryAsync(runId, "b", ct)).Count);
        MlflowReadability.AssertReadable(root);
    }

    [Fact]
    public async Task A_line_another_process_is_still_appending_is_not_taken_for_damage()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new MlflowFileStore(root);
        var experimentId = await first.GetOrCreateExperimentAsync("shared", ct);
        var runId = await first.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        var runDirectory = Path.Combine(root, experimentId, runId);
        var loss = Path.Combine(runDirectory, "metrics", "loss");

        // Another process writes to the run: it holds the run's lock file and its line is half written.
        Task write;
        using (new FileStream(Path.Combine(runDirectory, ".write.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(loss)!);
            File.AppendAllText(loss, "1700000000000 0.5");
            write = new MlflowFileStore(root).LogBatchAsync(runId, [new Metric("loss", 0.25, 1_700_000_000_001, 1)], cancellationToken: ct);
            File.AppendAllText(loss, " 0\n");
        }

        await write;

        Assert.Equal("1700000000000 0.5 0\n1700000000001 0.25 1\n", File.ReadAllText(loss));
    }

    [Fact]
    public async Task Points_that_differ_from_the_last_ones_are_always_appended()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new MlflowFileStore(root);
        var experimentId = await store.GetOrCreateExperimentAsync("distinct", ct);
        var runId = await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);

        // Same value and step, later timestamp; same timestamp and step, other value; the earlier point again after another.
        await store.LogBatchAsync(runId, [new Metric("m", 1, 100, 0)], cancellationToken: ct);
        await store.LogBatchAsync(runId, [new Metric("m", 1, 101, 0)], cancellationToken: ct);
        await store.LogBatchAsync(runId, [new Metric("m", 2, 101, 0)], cancellationToken: ct);
        await store.LogBatchAsync(runId, [new Metric("m", 1, 100, 0), new Metric("m", 3, 102, 1)], cancellationToken: ct);

        Assert.Equal(
            [new Metric("m", 1, 100, 0), new Metric("m", 1, 101, 0), new Metric("m", 2, 101, 0), new Metric("m", 1, 100, 0), new Metric("m", 3, 102, 1)],
            await store.GetMetricHistoryAsync(runId, "m", ct));
    }
}
