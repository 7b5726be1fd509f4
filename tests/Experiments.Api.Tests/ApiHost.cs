using Experiments.Testing;
using System.Net.Http.Headers;
using Experiments.Grains.Hosting;
using Experiments.Grains.Messaging;
using Experiments.ServiceDefaults;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Api.Tests;

/// <summary>
/// The API as the silo host serves it: a WebApplication (on a TestServer) running a localhost Orleans silo with file
/// grain state in a temporary folder, an MLflow file store behind the tracking outbox, and scripted workers.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    private TrackingOutbox? outbox;

    private WebApplication? app;

    /// <summary>Whether <see cref="Root"/> was made for this host, and so goes with it.</summary>
    private readonly bool ownsRoot;

    public ApiHost()
        : this(null, TokenSettings)
    {
    }

    private ApiHost(string? root, IReadOnlyDictionary<string, string?> settings)
    {
        ownsRoot = root is null;
        Root = root ?? Directory.CreateTempSubdirectory("experiments-api-").FullName;
        Settings = settings;
    }

    /// <summary>One read and one write token, as most tests use.</summary>
    public static IReadOnlyDictionary<string, string?> TokenSettings { get; } = new Dictionary<string, string?>
    {
        ["Experiments:Api:ReadToken"] = ApiTokens.Read,
        ["Experiments:Api:WriteTokens:0"] = ApiTokens.Write,
    };

    /// <summary>Holds the state folder (<c>state</c>), MLflow's file store (<c>mlruns</c>), and is the content root and the folder relative spec paths resolve in.</summary>
    public string Root { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public CapturedLogs Logs { get; } = new();

    public TrialScript Script { get; } = new();

    public WebApplication App => app ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>Starts a host with <paramref name="settings"/>; pass a folder of the test's own (kept) to start a later host on the same state.</summary>
    public static async Task<ApiHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? root = null)
    {
        var host = new ApiHost(root, settings ?? TokenSettings);
        try
        {
            await host.InitializeAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token, or none.</summary>
    public HttpClient Client(string? token)
    {
        var client = App.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Root, EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        // Relative paths in submitted specs resolve in this host's folder unless a test says otherwise.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Experiments:Api:SpecBaseDirectory"] = Root });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.AddServiceDefaults("experiments-api-tests");
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);

        var mlruns = Path.Combine(Root, "mlruns");
        outbox = new TrackingOutbox(
            new MlflowFileStore(mlruns),
            new TrackingOutboxOptions { Directory = Path.Combine(Root, "outbox"), RetryBaseDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(500) },
            mlruns,
            NullLoggerFactory.Instance);
        outbox.Start();
        builder.Services.AddSingleton<ITrackingOutbox>(outbox);
        builder.Services.AddSingleton(Script);
        builder.Services.AddSingleton<ITrialDispatcher, ScriptedTrials>();
        builder.Services.AddExperimentsGrainServices();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePorts.Next(), FreePorts.Next(), serviceId: "experiments-api-tests", clusterId: $"api-tests-{Guid.NewGuid():N}")
            .AddExperimentsFileStorage(Path.Combine(Root, "state"))
            .UseInMemoryReminderService());
        builder.Services.AddExperimentsApi(builder.Configuration);

        app = builder.Build();
        app.MapExperimentsApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        if (outbox is not null)
        {
            await outbox.DisposeAsync();
        }

        if (ownsRoot)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover in the temp folder affects no other test.
            }
        }
    }
}
