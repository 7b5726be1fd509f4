using Experiments.Testing;
using System.Text;
using System.Text.RegularExpressions;
using Experiments.Tracking.Tests.Support;

namespace Experiments.Tracking.Tests;

/// <summary>Reads the files back and checks them against the layout MLflow's FileStore reads.</summary>
public sealed partial class MlflowFileStoreLayoutTests : IDisposable
{
    private readonly TemporaryFolder temp = new();
    private readonly string root;
    private readonly MlflowFileStore store;

    public MlflowFileStoreLayoutTests()
    {
        root = Path.Combine(temp.Path, "mlruns");
        store = new MlflowFileStore(root);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Experiment_and_runs_are_written_in_mlflow_file_store_layout()
    {
        var ct = TestContext.Current.CancellationToken;
        var experimentId = await store.GetOrCreateExperimentAsync("sweep: lr/wd", ct);
        var parentId = await store.CreateRunAsync(experimentId, "sweep-parent", new Dictionary<string, string> { ["sweep"] = "s1" }, cancellationToken: ct);
        var childId = await store.CreateRunAsync(experimentId, "trial 7", new Dictionary<string, string>(), parentId, cancellationToken: ct);
        await store.LogBatchAsync(
            childId,
            [
                new Metric("loss", 0.25, 1_700_000_000_000, 0),
                new Metric("loss", double.NaN, 1_700_000_000_500, 1),
                new Metric("val/accuracy", 0.875, 1_700_000_001_000, 1),
                new Metric("grad", double.PositiveInfinity, 1_700_000_002_000, 2),
                new Metric("grad", double.NegativeInfinity, 1_700_000_003_000, 3),
            ],
            new Dictionary<string, string> { ["lr"] = "0.001", ["optimizer/name"] = "adam" },
            new Dictionary<string, string> { ["trial"] = "7" },
            ct);
        await store.LogArtifactAsync(childId, "plots/loss.csv", Encoding.UTF8.GetBytes("step,loss\n0,0.25\n"), ct);

        // Folder names are the ids.
        Assert.Matches("^[0-9]+$", experimentId);
        Assert.NotEqual("0", experimentId);
        var experimentDirectory = Path.Combine(root, experimentId);
        var childDirectory = Path.Combine(experimentDirectory, childId);
        Assert.True(Directory.Exists(childDirectory));
        Assert.True(Directory.Exists(Path.Combine(experimentDirectory, parentId)));

        // Experiment meta.yaml.
        var experimentMeta = ReadYaml(Path.Combine(experimentDirectory, "meta.yaml"));
        Assert.Equal($"'{experimentId}'", experimentMeta["experiment_id"]);
        Assert.Equal("active", experimentMeta["lifecycle_stage"]);
        Assert.Equal("'sweep: lr/wd'", experimentMeta["name"]);
        Assert.Equal(new Uri(experimentDirectory).AbsoluteUri, experimentMeta["artifact_location"]);
        Assert.Matches("^[0-9]{13}$", experimentMeta["creation_time"]);
        Assert.Matches("^[0-9]{13}$", experimentMeta["last_update_time"]);

        // Default experiment 0.
        var defaultMeta = ReadYaml(Path.Combine(root, "0", "meta.yaml"));
        Assert.Equal("'0'", defaultMeta["experiment_id"]);
        Assert.Equal("Default", defaultMeta["name"]);
        Assert.Equal("active", defaultMeta["lifecycle_stage"]);

        // Run meta.yaml.
        var runMeta = ReadYaml(Path.Combine(childDirectory, "meta.yaml"));
        Assert.Matches(HexRunId(), childId);
        Assert.Equal(childId, YamlString(runMeta["run_id"]));
        Assert.Equal(childId, YamlString(runMeta["run_uuid"]));
        Assert.Equal($"'{experimentId}'", runMeta["experiment_id"]);
        Assert.Equal(new Uri(Path.Combine(childDirectory, "artifacts")).AbsoluteUri, runMeta["artifact_uri"]);
        Assert.Equal("null", runMeta["end_time"]);
        Assert.Equal("''", runMeta["entry_point_name"]);
        Assert.Equal("active", runMeta["lifecycle_stage"]);
        Assert.Equal("'trial 7'", runMeta["run_name"]);
        Assert.Equal("''", runMeta["source_name"]);
        Assert.Equal("4", runMeta["source_type"]);
        Assert.Equal("''", runMeta["source_version"]);
        Assert.Matches("^[0-9]{13}$", runMeta["start_time"]);
        Assert.Equal("1", runMeta["status"]);
        Assert.Equal("[]", runMeta["tags"]);
        Assert.True(runMeta.ContainsKey("user_id"));

        // Metrics: "<ts> <value> <step>" lines, '/' in keys as folders.
        Assert.Equal("1700000000000 0.25 0\n1700000000500 nan 1\n", File.ReadAllText(Path.Combine(childDirectory, "metrics", "loss")));
        Assert.Equal("1700000001000 0.875 1\n", File.ReadAllText(Path.Combine(childDirectory, "metrics", "val", "accuracy")));
        Assert.Equal("1700000002000 inf 2\n1700000003000 -inf 3\n", File.ReadAllText(Path.Combine(childDirectory, "metrics", "grad")));

        // Params and tags: the value without a trailing newline.
        Assert.Equal("0.001", File.ReadAllText(Path.Combine(childDirectory, "params", "lr")));
        Assert.Equal("adam", File.ReadAllText(Path.Combine(childDirectory, "params", "optimizer", "name")));
        Assert.Equal("7", File.ReadAllText(Path.Combine(childDirectory, "tags", "trial")));
        Assert.Equal(parentId, File.ReadAllText(Path.Combine(childDirectory, "tags", "mlflow.parentRunId")));
        Assert.Equal("trial 7", File.ReadAllText(Path.Combine(childDirectory, "tags", "mlflow.runName")));
        Assert.Equal("sweep-parent", File.ReadAllText(Path.Combine(experimentDirectory, parentId, "tags", "mlflow.runName")));
        Assert.Equal("s1", File.ReadAllText(Path.Combine(experimentDirectory, parentId, "tags", "sweep")));
        Assert.False(File.Exists(Path.Combine(experimentDirectory, parentId, "tags", "mlflow.parentRunId")));

        // Artifacts and no leftover temporary files in folders MLflow lists.
        Assert.Equal("step,loss\n0,0.25\n", File.ReadAllText(Path.Combine(childDirectory, "artifacts", "plots", "loss.csv")));
        foreach (var folder in new[] { "metrics", "params", "tags", "artifacts" })
        {
            Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(childDirectory, folder), "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(childDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_update_writes_status_code_and_end_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var experimentId = await store.GetOrCreateExperimentAsync("status", ct);
        var runId = await store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        var metaPath = Path.Combine(root, experimentId, runId, "meta.yaml");

        await store.UpdateRunStatusAsync(runId, RunStatus.Failed, 1_700_000_123_456, ct);
        var failed = ReadYaml(metaPath);
        Assert.Equal("4", failed["status"]);
        Assert.Equal("1700000123456", failed["end_time"]);
        Assert.Equal(runId, YamlString(failed["run_uuid"]));
        Assert.Equal("run", failed["run_name"]);

        await store.UpdateRunStatusAsync(runId, RunStatus.Finished, cancellationToken: ct);
        var finished = ReadYaml(metaPath);
        Assert.Equal("3", finished["status"]);
        Assert.True(long.Parse(finished["end_time"], System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_123_456);

        foreach (var (status, code) in new[] { (RunStatus.Running, "1"), (RunStatus.Scheduled, "2"), (RunStatus.Killed, "5") })
        {
            await store.UpdateRunStatusAsync(runId, status, cancellationToken: ct);
            Assert.Equal(code, ReadYaml(metaPath)["status"]);
        }
    }

    [Fact]
    public async Task Yaml_special_names_are_quoted_and_read_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var experimentId = await store.GetOrCreateExperimentAsync("yes", ct);
        var runId = await store.CreateRunAsync(experimentId, "it's: #1", new Dictionary<string, string>(), cancellationToken: ct);

        Assert.Equal("'yes'", ReadYaml(Path.Combine(root, experimentId, "meta.yaml"))["name"]);
        Assert.Equal("'it''s: #1'", ReadYaml(Path.Combine(root, experimentId, runId, "meta.yaml"))["run_name"]);
        Assert.Equal(experimentId, await store.GetOrCreateExperimentAsync("yes", ct));
        Assert.Equal("it's: #1", (await store.GetRunAsync(runId, ct))!.RunName);
    }

    /// <summary>Top-level "key: raw value" pairs, exactly as written.</summary>
    private static Dictionary<string, string> ReadYaml(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    /// <summary>A plain or single-quoted YAML string scalar (PyYAML reads both as the same string).</summary>
    private static string YamlString(string raw) =>
        raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'' ? raw[1..^1].Replace("''", "'", StringComparison.Ordinal) : raw;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexRunId();
}
