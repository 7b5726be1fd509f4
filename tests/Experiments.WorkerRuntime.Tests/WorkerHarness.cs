using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Experiments.WorkerRuntime;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Experiments.WorkerRuntime.Tests;

/// <summary>The worker's consumers on MassTransit's in-memory test harness, with a real trainer and MLflow file store.</summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    private WorkerHarness(ServiceProvider provider, ITestHarness harness, string mlruns)
    {
        Provider = provider;
        Harness = harness;
        MlrunsDirectory = mlruns;
        Tracker = provider.GetRequiredService<IExperimentTracker>();
        Outbox = provider.GetRequiredService<TrackingOutbox>();
    }

    public ServiceProvider Provider { get; }

    public ITestHarness Harness { get; }

    public string MlrunsDirectory { get; }

    public IExperimentTracker Tracker { get; }

    public TrackingOutbox Outbox { get; }

    /// <summary>
    /// Every epoch the worker has reported so far (of one trial and attempt when given), out of its TrialProgressed
    /// messages (which may each carry several) and its TrialCompleted (which carries the last), by epoch.
    /// </summary>
    public List<EpochReport> ReportedEpochs(string? trialId = null, int? attempt = null)
    {
        var ct = TestContext.Current.CancellationToken;
        bool Wanted(string id, int a) => (trialId is null || id == trialId) && (attempt is null || a == attempt);
        return Harness.Published.Select<TrialProgressed>(ct).Select(p => p.Context.Message).Where(m => Wanted(m.TrialId, m.Attempt)).SelectMany(m => m.Epochs)
            .Concat(Harness.Published.Select<TrialCompleted>(ct).Select(p => p.Context.Message).Where(m => Wanted(m.TrialId, m.Attempt)).SelectMany(m => m.LastEpochs))
            .OrderBy(e => e.Epoch)
            .ToList();
    }

    /// <summary>Waits until the worker's tracking outbox has delivered everything to the file store.</summary>
    public async Task<IExperimentTracker> DeliveredAsync()
    {
        Assert.True(await Outbox.WaitForDeliveryAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), $"tracking not delivered: {Outbox.Status}");
        return Tracker;
    }

    /// <param name="allowCommands">Whether the worker runs user programs (off by default, as in a cluster).</param>
    public static async Task<WorkerHarness> StartAsync(int slots = 1, bool allowCommands = false)
    {
        var mlruns = Directory.CreateTempSubdirectory("experiments-worker-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MLFLOW_TRACKING_URI"] = Path.Combine(mlruns, "mlruns"),
            ["Tracking:Outbox:Directory"] = Path.Combine(mlruns, "outbox"),
            ["Worker:Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Worker:Device"] = "cpu",
            ["Worker:WorkerHost"] = "test-worker",
            ["Worker:LogEveryNSteps"] = "20",
            ["Worker:HeartbeatInterval"] = "00:00:00.200",
            ["Worker:AllowCommands"] = allowCommands ? "true" : "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddExperimentTracking(configuration);
        services.AddTrialWorker(configuration);
        services.AddMassTransitTestHarness(bus => bus.AddTrialWorkerConsumers());
        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromMinutes(3);
        // A consumer that is still training counts as activity, so a short inactivity window only ends waits once
        // the bus is idle (e.g. to check that nothing else was published).
        harness.TestInactivityTimeout = TimeSpan.FromSeconds(3);
        await harness.Start();
        return new WorkerHarness(provider, harness, mlruns);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await Outbox.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
