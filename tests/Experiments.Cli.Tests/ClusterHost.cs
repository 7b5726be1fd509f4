using Experiments.Testing;
using System.Globalization;
using Experiments.Api;
using Experiments.Grains.Storage;
using Experiments.Hosting;
using Experiments.Messaging;
using Experiments.ServiceDefaults;
using Experiments.Tracking.Outbox;
using Experiments.WorkerRuntime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Experiments.Cli.Tests;

/// <summary>
/// A cluster as the silo host composes it, in this process: a localhost Orleans silo with file grain state in a
/// temporary folder, the in-memory bus, worker slots that run <c>model: function</c> trials for real, an MLflow file
/// store, and the REST API served by Kestrel on a loopback port, so the CLI's HttpClient talks to it over TCP.
/// </summary>
public sealed class ClusterHost : IAsyncLifetime
{
    /// <summary>Trials trained at once across every test's sweeps.</summary>
    private const int WorkerSlots = 4;

    private WebApplication? app;

    /// <summary>Holds the grain state (<c>state</c>), MLflow's file store (<c>mlruns</c>) and the outbox; the content root.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("experiments-cli-").FullName;

    public CapturedLogs Logs { get; } = new();

    /// <summary>The REST API's base address, e.g. http://127.0.0.1:41234/.</summary>
    public string Server { get; private set; } = string.Empty;

    public WebApplication App => app ?? throw new InvalidOperationException("The cluster has not started.");

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Root, EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Whatever the machine's environment says: no Redis, no RabbitMQ, MLflow in this folder.
            [$"ConnectionStrings:{ClusterStorage.RedisConnectionStringName}"] = string.Empty,
            [$"ConnectionStrings:{MessageBusOptions.RabbitMqConnectionStringName}"] = string.Empty,
            ["MLFLOW_TRACKING_URI"] = Path.Combine(Root, "mlruns"),
            [$"{TrackingOutboxOptions.SectionName}:{nameof(TrackingOutboxOptions.Directory)}"] = Path.Combine(Root, "outbox"),
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.ClusterId)}"] = $"cli-tests-{Guid.NewGuid():N}",
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.SiloPort)}"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.GatewayPort)}"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.Slots)}"] = WorkerSlots.ToString(CultureInfo.InvariantCulture),
            ["Experiments:Api:SpecBaseDirectory"] = Root,
            ["Experiments:Api:ReadToken"] = ApiTokens.Read,
            ["Experiments:Api:WriteToken"] = ApiTokens.Write,
        });
        builder.AddServiceDefaults("experiments-cli-tests");
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Information);
        // The silo host's composition (src/Experiments.Silo), with worker slots in the same process as experiments run has.
        builder.AddExperimentsNode(NodeRoles.Embedded, new AtomicFileGrainStorageOptions { RootDirectory = Path.Combine(Root, "state") });
        builder.Services.AddExperimentsApi(builder.Configuration);

        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapExperimentsApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        Server = app.Urls.Single().TrimEnd('/') + "/";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        await File.WriteAllLinesAsync(Path.Combine(Root, "host.log"), Logs.Messages, CancellationToken.None);
    }
}
