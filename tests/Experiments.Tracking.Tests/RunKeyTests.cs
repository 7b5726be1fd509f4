using Experiments.Testing;
using Experiments.Testing.Mlflow;
using System.Text.Json;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

/// <summary>
/// Run keys make run creation repeatable: a caller that lost the answer of a creation (crash, outage) finds the run
/// by its key instead of creating a second one. Both backends.
/// </summary>
public sealed class RunKeyTests : IAsyncLifetime
{
    private readonly TemporaryFolder temp = new();
    private readonly HttpClient httpClient = new();
    private FakeMlflowServer server = null!;

    private string Root => Path.Combine(temp.Path, "mlruns");

    public async ValueTask InitializeAsync() => server = await FakeMlflowServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        httpClient.Dispose();
        await server.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task File_store_creates_a_keyed_run_once_and_finds_it_by_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new MlflowFileStore(Root);
        var experimentId = await store.GetOrCreateExperimentAsync("keys", ct);
        var otherExperimentId = await store.GetOrCreateExperimentAsync("other", ct);
        var parentId = await store.CreateRunAsync(experimentId, "parent", new Dictionary<string, string>(), cancellationToken: ct);
        var key = Guid.NewGuid().ToString("N");
        Assert.Null(await store.FindRunByKeyAsync(experimentId, key, ct));

        var runId = await store.CreateRunAsync(experimentId, "trial-0001", new Dictionary<string, string> { ["trial"] = "1" }, parentId, key, cancellationToken: ct);
        await store.LogBatchAsync(runId, [new Metric("loss", 1, 1, 0)], cancellationToken: ct);
        var again = await new MlflowFileStore(Root).CreateRunAsync(experimentId, "trial-0001", new Dictionary<string, string> { ["trial"] = "1" }, parentId, key, cancellationToken: ct);

        Assert.Equal(key, runId); // the key is the run id: the folder is <experiment>/<key>
        Assert.Equal(runId, again);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(Root, experimentId)).Length); // parent and this run, no second one
        var run = await store.GetRunAsync(runId, ct);
        Assert.Equal(key, run!.Tags[MlflowTags.RunKey]);
        Assert.Equal(parentId, run.Tags[MlflowTags.ParentRunId]);
        Assert.Single(await store.GetMetricHistoryAsync(runId, "loss", ct)); // the repeat did not reset the run
        Assert.Equal(runId, await new MlflowFileStore(Root).FindRunByKeyAsync(experimentId, key, ct));
        Assert.Null(await store.FindRunByKeyAsync(otherExperimentId, key, ct));
        Assert.Null(await store.FindRunByKeyAsync(experimentId, Guid.NewGuid().ToString("N"), ct));
        Assert.Null((await store.GetRunAsync(parentId, ct))!.Tags.GetValueOrDefault(MlflowTags.RunKey));
    }

    [Fact]
    public async Task File_store_finishes_a_keyed_run_whose_creation_stopped_before_meta_yaml()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new MlflowFileStore(Root);
        var experimentId = await store.GetOrCreateExperimentAsync("interrupted", ct);
        var key = Guid.NewGuid().ToString("N");

        // A process died while creating the run: folders and one tag written, a temporary file, no meta.yaml yet.
        var runDirectory = Path.Combine(Root, experimentId, key);
        Directory.CreateDirectory(Path.Combine(runDirectory, "tags"));
        File.WriteAllText(Path.Combine(runDirectory, "tags", MlflowTags.RunName), "trial-0002");
        var leftover = Path.Combine(runDirectory, "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(leftover, "artifact_uri: fi");
        Assert.Null(await store.FindRunByKeyAsync(experimentId, key, ct));

        var runId = await new MlflowFileStore(Root).CreateRunAsync(experimentId, "trial-0002", new Dictionary<string, string>(), runKey: key, cancellationToken: ct);

        Assert.Equal(key, runId);
        var run = await store.GetRunAsync(runId, ct);
        Assert.Equal(RunStatus.Running, run!.Status);
        Assert.Equal("trial-0002", run.RunName);
        Assert.Equal(key, run.Tags[MlflowTags.RunKey]);
        Assert.False(File.Exists(leftover));
        Assert.Equal(runId, await store.FindRunByKeyAsync(experimentId, key, ct));
        MlflowReadability.AssertReadable(Root);
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef-0123456789abcde")]
    public async Task Malformed_run_keys_are_rejected_by_both_backends(string key)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new MlflowFileStore(Root);
        var client = CreateClient();
        var experimentId = await store.GetOrCreateExperimentAsync("bad keys", ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), runKey: key, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindRunByKeyAsync(experimentId, key, ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.CreateRunAsync("1", "run", new Dictionary<string, string>(), runKey: key, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.FindRunByKeyAsync("1", key, ct));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.False(TrackingFailure.IsTransient(error));
        Assert.Single(Directory.GetDirectories(Root), d => Path.GetFileName(d) == experimentId);
        Assert.Empty(Directory.GetDirectories(Path.Combine(Root, experimentId)));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Rest_client_tags_a_keyed_run_and_finds_it_with_a_run_search()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateClient();
        var experimentId = await client.GetOrCreateExperimentAsync("keys", ct);
        var otherExperimentId = await client.GetOrCreateExperimentAsync("other", ct);
        var key = Guid.NewGuid().ToString("N");
        Assert.Null(await client.FindRunByKeyAsync(experimentId, key, ct));

        var runId = await client.CreateRunAsync(experimentId, "trial-0001", new Dictionary<string, string> { ["trial"] = "1" }, runKey: key, cancellationToken: ct);
        await client.CreateRunAsync(experimentId, "unkeyed", new Dictionary<string, string>(), cancellationToken: ct);

        Assert.Equal(key, server.Run(runId).Tags[MlflowTags.RunKey]);
        Assert.Equal(runId, await client.FindRunByKeyAsync(experimentId, key, ct));
        Assert.Null(await client.FindRunByKeyAsync(otherExperimentId, key, ct));
        Assert.Null(await client.FindRunByKeyAsync(experimentId, Guid.NewGuid().ToString("N"), ct));

        var search = JsonDocument.Parse(server.RequestsTo("runs/search")[1].Body).RootElement;
        Assert.Equal([experimentId], search.GetProperty("experiment_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"tags.`experiments.run_key` = '{key}'", search.GetProperty("filter").GetString());
        Assert.Equal("ALL", search.GetProperty("run_view_type").GetString());
        Assert.Equal(1, search.GetProperty("max_results").GetInt32());
        Assert.All(server.RequestsTo("runs/search"), r => Assert.Equal("POST", r.Method));
    }

    private MlflowRestClient CreateClient()
    {
        var options = new TrackingOptions
        {
            TrackingUri = server.BaseUri.ToString(),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        return new MlflowRestClient(httpClient, Options.Create(options), NullLogger<MlflowRestClient>.Instance);
    }
}
