using Experiments.Testing;
using Experiments.Tracking.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Tests;

public sealed class TrackingServiceCollectionExtensionsTests : IDisposable
{
    private readonly TemporaryFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Unset_uri_selects_the_file_store_under_the_current_directory()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var store = Assert.IsType<MlflowFileStore>(provider.GetRequiredService<IExperimentTracker>());

        Assert.Equal(Path.GetFullPath("mlruns"), store.RootDirectory);
    }

    [Fact]
    public void Plain_path_selects_the_file_store_at_that_path()
    {
        var path = Path.Combine(temp.Path, "runs");
        using var provider = Build(new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = path });

        var store = Assert.IsType<MlflowFileStore>(provider.GetRequiredService<IExperimentTracker>());

        Assert.Equal(path, store.RootDirectory);
    }

    [Fact]
    public void File_uri_selects_the_file_store_at_the_local_path()
    {
        var path = Path.Combine(temp.Path, "file uri runs");
        using var provider = Build(new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = new Uri(path).AbsoluteUri });

        var store = Assert.IsType<MlflowFileStore>(provider.GetRequiredService<IExperimentTracker>());

        Assert.Equal(path, store.RootDirectory);
    }

    [Theory]
    [InlineData("http://mlflow.internal:5000")]
    [InlineData("https://mlflow.example.com/prefix/")]
    public void Http_uris_select_the_rest_client(string uri)
    {
        using var provider = Build(new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = uri });

        Assert.IsType<MlflowRestClient>(provider.GetRequiredService<IExperimentTracker>());
        Assert.Same(provider.GetRequiredService<IExperimentTracker>(), provider.GetRequiredService<IExperimentTracker>());
        Assert.NotNull(provider.GetRequiredService<Experiments.Tracking.Outbox.ITrackingOutbox>());
    }

    [Fact]
    public void Mlflow_environment_variable_names_bind_to_the_options()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["MLFLOW_TRACKING_URI"] = "http://localhost:5000",
            ["MLFLOW_TRACKING_TOKEN"] = "tok",
            ["MLFLOW_TRACKING_USERNAME"] = "user",
            ["MLFLOW_TRACKING_PASSWORD"] = "pass",
            ["MLFLOW_TRACKING_MAX_ATTEMPTS"] = "7",
            ["MLFLOW_TRACKING_RETRY_BASE_DELAY"] = "00:00:00.050",
        });

        var options = provider.GetRequiredService<IOptions<TrackingOptions>>().Value;

        Assert.Equal("http://localhost:5000", options.TrackingUri);
        Assert.Equal("tok", options.Token);
        Assert.Equal("user", options.Username);
        Assert.Equal("pass", options.Password);
        Assert.Equal(7, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.RetryBaseDelay);
    }

    [Fact]
    public async Task File_store_from_the_container_tracks_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(temp.Path, "mlruns");
        using var provider = Build(new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = path });
        var tracker = provider.GetRequiredService<IExperimentTracker>();

        var experimentId = await tracker.GetOrCreateExperimentAsync("di", ct);
        var runId = await tracker.CreateRunAsync(experimentId, "run", new Dictionary<string, string>(), cancellationToken: ct);

        Assert.True(File.Exists(Path.Combine(path, experimentId, runId, "meta.yaml")));
    }

    [Fact]
    public void Unsupported_schemes_fail_clearly()
    {
        using var provider = Build(new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = "sqlite:///mlflow.db" });

        var error = Assert.Throws<NotSupportedException>(() => provider.GetRequiredService<IExperimentTracker>());
        Assert.Contains("sqlite", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddExperimentTracking(configuration);
        return services.BuildServiceProvider();
    }
}
