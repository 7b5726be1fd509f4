using System.Text;
using Experiments.Testing;
using Experiments.Testing.Mlflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

/// <summary>Both backends list, download and delete artifacts alike (checkpoints are read back through these).</summary>
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

    private IExperimentTracker Create(string backend) => backend switch
    {
        "file" => new MlflowFileStore(Path.Combine(temp.Path, "mlruns")),
        _ => new MlflowRestClient(httpClient, Options.Create(new TrackingOptions { TrackingUri = server.BaseUri.AbsoluteUri }), NullLogger<MlflowRestClient>.Instance),
    };
}
