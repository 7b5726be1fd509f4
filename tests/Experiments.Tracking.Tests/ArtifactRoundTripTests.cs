using System.Text;
using Experiments.Testing;
using Experiments.Testing.Mlflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

/// <summary>Both backends find a trial's runs and list, download and delete artifacts alike (checkpoints are read back through these).</summary>
public sealed class ArtifactRoundTripTests : IAsyncLifetime
{
    private readonly TemporaryFolder temp = new();
    private readonly HttpClient httpClient = new();
    private FakeMlflowServer server = null!;

    public static TheoryData<string> Backends => ["file", "rest"];

    public async ValueTask InitializeAsync() => server = await FakeMlflowServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        httpClient.Dispose();
        await server.DisposeAsync();
        temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Artifacts_are_listed_downloaded_and_deleted(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var tracker = Create(backend);
        var experimentId = await tracker.GetOrCreateExperimentAsync("artifacts", ct);
        var runId = await tracker.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);
        await tracker.LogArtifactAsync(runId, "checkpoints/epoch-0001.ckpt", Encoding.UTF8.GetBytes("one"), ct);
        await tracker.LogArtifactAsync(runId, "checkpoints/epoch-0002.ckpt", Encoding.UTF8.GetBytes("two!"), ct);
        await tracker.LogArtifactAsync(runId, "samples/epoch-001.png", new byte[] { 1, 2, 3 }, ct);

        var root = await tracker.ListArtifactsAsync(runId, null, ct);
        var checkpoints = await tracker.ListArtifactsAsync(runId, "checkpoints", ct);

        Assert.Equal([new ArtifactFile("checkpoints", true, null), new ArtifactFile("samples", true, null)], root);
        Assert.Equal([new ArtifactFile("checkpoints/epoch-0001.ckpt", false, 3), new ArtifactFile("checkpoints/epoch-0002.ckpt", false, 4)], checkpoints);
        Assert.Equal("two!", Encoding.UTF8.GetString((await tracker.DownloadArtifactAsync(runId, "checkpoints/epoch-0002.ckpt", ct))!));
        Assert.Null(await tracker.DownloadArtifactAsync(runId, "checkpoints/epoch-0009.ckpt", ct));
        Assert.Empty(await tracker.ListArtifactsAsync(runId, "nothing-here", ct));

        await tracker.DeleteArtifactAsync(runId, "checkpoints/epoch-0001.ckpt", ct);
        await tracker.DeleteArtifactAsync(runId, "checkpoints/epoch-0001.ckpt", ct); // again: already gone is fine
        await tracker.DeleteArtifactAsync(runId, "no-folder/file.bin", ct);

        Assert.Equal(["checkpoints/epoch-0002.ckpt"], (await tracker.ListArtifactsAsync(runId, "checkpoints", ct)).Select(file => file.Path));
        Assert.Null(await tracker.DownloadArtifactAsync(runId, "checkpoints/epoch-0001.ckpt", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => tracker.DownloadArtifactAsync(runId, "../outside", ct));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Runs_are_found_by_tag_newest_first(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var tracker = Create(backend);
        var experimentId = await tracker.GetOrCreateExperimentAsync("attempts", ct);
        var first = await tracker.CreateRunAsync(experimentId, "a1", Tag("sweep-1/0003"), startTimeMs: 1_000, cancellationToken: ct);
        await tracker.CreateRunAsync(experimentId, "other", Tag("sweep-1/0004"), startTimeMs: 3_000, cancellationToken: ct);
        var second = await tracker.CreateRunAsync(experimentId, "a2", Tag("sweep-1/0003"), startTimeMs: 2_000, cancellationToken: ct);

        var found = await tracker.FindRunsByTagAsync(experimentId, "experiments.trial_id", "sweep-1/0003", ct);

        Assert.Equal([second, first], found.Select(run => run.RunId));
        Assert.Empty(await tracker.FindRunsByTagAsync(experimentId, "experiments.trial_id", "sweep-1/0009", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => tracker.FindRunsByTagAsync(experimentId, "experiments.trial_id", "x' OR '1'='1", ct));
    }

    private static Dictionary<string, string> Tag(string trialId) => new() { ["experiments.trial_id"] = trialId };

    private IExperimentTracker Create(string backend) => backend switch
    {
        "file" => new MlflowFileStore(Path.Combine(temp.Path, "mlruns")),
        _ => new MlflowRestClient(httpClient, Options.Create(new TrackingOptions { TrackingUri = server.BaseUri.AbsoluteUri }), NullLogger<MlflowRestClient>.Instance),
    };
}
