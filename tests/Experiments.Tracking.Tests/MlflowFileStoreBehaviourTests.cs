using Experiments.Testing;
using Experiments.Tracking.Tests.Support;

namespace Experiments.Tracking.Tests;

public sealed class MlflowFileStoreBehaviourTests : IDisposable
{
    private readonly TemporaryFolder temp = new();
    private readonly string root;
    private readonly MlflowFileStore store;

    public MlflowFileStoreBehaviourTests()
    {
        root = Path.Combine(temp.Path, "mlruns");
        store = new MlflowFileStore(root);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task GetOrCreate_returns_the_same_id_for_the_same_name()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await store.GetOrCreateExperimentAsync("alpha", ct);
        var second = await store.GetOrCreateExperimentAsync("alpha", ct);
        var other = await store.GetOrCreateExperimentAsync("beta", ct);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);

        // A second store over the same folder (another process) sees the same experiment.
        Assert.Equal(first, await new MlflowFileStore(root).GetOrCreateExperimentAsync("alpha", ct));
    }

    [Fact]
    public async Task Concurrent_creators_yield_exactly_one_experiment()
    {
        var ct = TestContext.Current.CancellationToken;

        // Half share one store (threads in a process), half use their own store (separate processes share only the folder).
        var ids = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
            () => (i % 2 == 0 ? store : new MlflowFileStore(root)).GetOrCreateExperimentAsync("contended", ct), ct)));

        Assert.Single(ids.Distinct());
        var experimentsNamedContended = Directory.EnumerateDirectories(root)
            .Select(d => Path.Combine(d, "meta.yaml"))
            .Where(File.Exists)
            .Count(meta => File.ReadAllLines(meta).Contains("name: contended"));
        Assert.Equal(1, experimentsNamedContended);
        Assert.Equal(2, Directory.EnumerateDirectories(root).Count()); // Default (0) + contended
    }

    [Fact]
    public async Task Params_are_immutable_but_relogging_the_same_value_is_fine()
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = await NewRunAsync(ct);
        await store.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.1" }, cancellationToken: ct);
        await store.LogBatchAsync(runId, [], new Dictionary<string, string> { ["lr"] = "0.1" }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<MlflowException>(() =>
            store.LogBatchAsync(runId, [], new Dictionary<string, string> { ["batch"] = "32", ["lr"] = "0.2" }, cancellationToken: ct));

        Assert.Equal(MlflowException.InvalidParameterValue, error.ErrorCode);
        Assert.Contains("lr", error.Message, StringComparison.Ordinal);
        var run = await store.GetRunAsync(runId, ct);
        Assert.Equal("0.1", run!.Params["lr"]);
        Assert.False(run.Params.ContainsKey("batch")); // the rejected batch wrote nothing
    }

    [Fact]
    public async Task Runs_and_metric_history_read_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var experimentId = await store.GetOrCreateExperimentAsync("readback", ct);
        var parentId = await store.CreateRunAsync(experimentId, "parent", new Dictionary<string, string>(), cancellationToken: ct);
        var runId = await store.CreateRunAsync(experimentId, "child", new Dictionary<string, string> { ["k"] = "v" }, parentId, cancellationToken: ct);
        await store.LogBatchAsync(
            runId,
            [new Metric("loss", 1.5, 10, 0), new Metric("loss", double.NaN, 20, 1), new Metric("loss", 1e-7, 30, 2), new Metric("val/acc", 0.5, 40, 2)],
            new Dictionary<string, string> { ["layers"] = "4" },
            new Dictionary<string, string> { ["phase"] = "train" },
            ct);
        await store.SetTagAsync(runId, "phase", "done", ct);
        await store.UpdateRunStatusAsync(runId, RunStatus.Finished, 12345, ct);

        var run = await new MlflowFileStore(root).GetRunAsync(runId, ct); // a fresh store finds the run by scanning
        Assert.NotNull(run);
        Assert.Equal(runId, run.RunId);
        Assert.Equal(experimentId, run.ExperimentId);
        Assert.Equal("child", run.RunName);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal(12345, run.EndTimeMs);
        Assert.True(run.StartTimeMs > 0);
        Assert.Equal("v", run.Tags["k"]);
        Assert.Equal("done", run.Tags["phase"]);
        Assert.Equal(parentId, run.Tags[MlflowTags.ParentRunId]);
        Assert.Equal("child", run.Tags[MlflowTags.RunName]);
        Assert.Equal("4", run.Params["layers"]);

        var loss = await store.GetMetricHistoryAsync(runId, "loss", ct);
        Assert.Equal(3, loss.Count);
        Assert.Equal(new Metric("loss", 1.5, 10, 0), loss[0]);
        Assert.True(double.IsNaN(loss[1].Value));
        Assert.Equal(new Metric("loss", 1e-7, 30, 2), loss[2]);
        Assert.Equal([new Metric("val/acc", 0.5, 40, 2)], await store.GetMetricHistoryAsync(runId, "val/acc", ct));
        Assert.Empty(await store.GetMetricHistoryAsync(runId, "never-logged", ct));
        Assert.Null(await store.GetRunAsync(Guid.NewGuid().ToString("N"), ct));
    }

    [Fact]
    public async Task Concurrent_runs_and_batches_lose_no_points()
    {
        var ct = TestContext.Current.CancellationToken;
        var experimentId = await store.GetOrCreateExperimentAsync("parallel", ct);
        var runIds = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.CreateRunAsync(experimentId, $"run-{i}", new Dictionary<string, string>(), cancellationToken: ct)));

        await Task.WhenAll(runIds.SelectMany(runId => Enumerable.Range(0, 10).Select(batch => Task.Run(
            () => store.LogBatchAsync(runId, Enumerable.Range(0, 20).Select(i => new Metric("loss", i, batch, (batch * 20) + i)).ToList(), cancellationToken: ct), ct))));

        foreach (var runId in runIds)
        {
            var steps = (await store.GetMetricHistoryAsync(runId, "loss", ct)).Select(m => m.Step).Order().ToList();
            Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), steps);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad$key")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("a//b")]
    [InlineData("quote'key")]
    public async Task Bad_keys_are_rejected_with_a_message_naming_the_key(string key)
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = await NewRunAsync(ct);

        var metricError = await Assert.ThrowsAsync<ArgumentException>(() => store.LogBatchAsync(runId, [new Metric(key, 1, 1, 0)], cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LogBatchAsync(runId, [], new Dictionary<string, string> { [key] = "v" }, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetTagAsync(runId, key, "v", ct));
        if (key.Length > 0)
        {
            Assert.Contains($"'{key}'", metricError.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Path.GetDirectoryName(RunDirectory(runId))!, runId, "metrics")));
    }

    [Fact]
    public async Task Keys_longer_than_250_characters_and_oversized_values_are_rejected()
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = await NewRunAsync(ct);
        await store.LogBatchAsync(runId, [new Metric(new string('k', 250), 1, 1, 0)], cancellationToken: ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.LogBatchAsync(runId, [new Metric(new string('k', 251), 1, 1, 0)], cancellationToken: ct));
        var paramError = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.LogBatchAsync(runId, [], new Dictionary<string, string> { ["big"] = new string('x', 6001) }, cancellationToken: ct));
        Assert.Contains("'big'", paramError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public async Task Artifact_paths_outside_the_artifacts_folder_are_rejected(string artifactPath)
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = await NewRunAsync(ct);
        await Assert.ThrowsAsync<ArgumentException>(() => store.LogArtifactAsync(runId, artifactPath, new byte[] { 1 }, ct));
    }

    [Fact]
    public async Task Unknown_runs_and_experiments_fail_with_resource_does_not_exist()
    {
        var ct = TestContext.Current.CancellationToken;
        var missingRun = Guid.NewGuid().ToString("N");

        var runError = await Assert.ThrowsAsync<MlflowException>(() => store.SetTagAsync(missingRun, "k", "v", ct));
        var experimentError = await Assert.ThrowsAsync<MlflowException>(() =>
            store.CreateRunAsync("424242", "r", new Dictionary<string, string>(), cancellationToken: ct));

        Assert.Equal(MlflowException.ResourceDoesNotExist, runError.ErrorCode);
        Assert.Equal(MlflowException.ResourceDoesNotExist, experimentError.ErrorCode);
    }

    private async Task<string> NewRunAsync(CancellationToken ct)
    {
        var experimentId = await store.GetOrCreateExperimentAsync("behaviour", ct);
        return await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
    }

    private string RunDirectory(string runId) =>
        Directory.EnumerateDirectories(root).Select(d => Path.Combine(d, runId)).Single(Directory.Exists);
}
