using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using Experiments.Tracking;

namespace Experiments.Grains.Tests;

public sealed class RedeliveryTests
{
    [Fact]
    public async Task An_attempt_redelivered_to_another_worker_closes_the_lost_workers_run_and_restarts_its_epochs()
    {
        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true });
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        var trial = cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 0));
        var snapshot = await sweep.GetSnapshotAsync();
        var store = await cluster.DeliveredStoreAsync();
        var cancellation = TestContext.Current.CancellationToken;
        var experimentId = await store.GetOrCreateExperimentAsync(definition.Name, cancellation);
        var lostRun = await store.CreateRunAsync(experimentId, "trial-0000", new Dictionary<string, string>(), snapshot.ParentRunKey, cancellationToken: cancellation);
        var newRun = await store.CreateRunAsync(experimentId, "trial-0000", new Dictionary<string, string>(), snapshot.ParentRunKey, cancellationToken: cancellation);

        await trial.OnStartedAsync(1, "worker-a", lostRun);
        await trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -300 });
        await trial.OnEpochAsync(1, 2, 20, new() { ["elbo"] = -250 });
        await trial.OnStartedAsync(1, "worker-b", newRun); // worker-a died; the broker redelivered attempt 1
        await trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -290 });
        var summary = await trial.GetSummaryAsync();

        Assert.Equal("worker-b", summary.WorkerHost);
        Assert.Equal(newRun, summary.RunKey);
        Assert.Equal(1, summary.Epoch);
        Assert.Equal(-290, summary.Objective);
        Assert.Equal([-290.0], (await trial.GetHistoryAsync()).Select(e => e.Metrics["elbo"]));
        await cluster.DeliveredStoreAsync();
        var closed = await store.GetRunAsync(lostRun, cancellation);
        Assert.Equal(RunStatus.Failed, closed!.Status);
        Assert.Contains("worker-a", closed.Tags["experiments.error"], StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(newRun, cancellation))!.Status);
    }

    [Fact]
    public async Task A_report_of_several_epochs_records_each_once_in_order_and_a_redelivered_one_changes_nothing()
    {
        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true });
        var (sweepId, trial) = await StartOneTrialAsync(cluster);

        await trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -300 });
        // Epochs 2 to 4 ended while the report of epoch 1 travelled; epoch 1 is repeated, as a redelivery would.
        await trial.OnEpochsAsync(1, [Epoch(1, -999), Epoch(2, -250), Epoch(3, -200), Epoch(4, -180)]);
        var version = (await trial.GetSummaryAsync()).Version;
        await trial.OnEpochsAsync(1, [Epoch(3, -1), Epoch(4, -1)]);
        var summary = await trial.GetSummaryAsync();

        Assert.Equal([(1, -300.0), (2, -250.0), (3, -200.0), (4, -180.0)], (await trial.GetHistoryAsync()).Select(e => (e.Epoch, e.Metrics["elbo"])));
        Assert.Equal(4, summary.Epoch);
        Assert.Equal([-300.0, -250.0, -200.0, -180.0], summary.Curve);
        Assert.Equal(version, summary.Version);
        var sweep = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(sweepId), s => s.Trials[0].Epoch == 4);
        Assert.Equal(-180.0, sweep.Trials[0].Objective);
    }

    [Fact]
    public async Task A_completion_carrying_the_last_epoch_records_it_with_the_end()
    {
        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true });
        var (sweepId, trial) = await StartOneTrialAsync(cluster);
        await trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -300 });

        await trial.OnCompletedAsync(1, new() { ["elbo"] = -250 }, [Epoch(2, -250)]);

        var summary = await trial.GetSummaryAsync();
        Assert.Equal(TrialStatus.Completed, summary.Status);
        Assert.Equal(2, summary.Epoch);
        Assert.Equal([-300.0, -250.0], summary.Curve);
        var sweep = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(sweepId), s => s.IsFinished);
        Assert.Equal((2, -250.0), (sweep.Trials[0].Epoch, sweep.Trials[0].Objective!.Value));
    }

    /// <summary>A one-trial sweep whose worker holds the trial; it has started attempt 1 on worker-a.</summary>
    private static async Task<(Guid SweepId, ITrialGrain Trial)> StartOneTrialAsync(GrainTestCluster cluster)
    {
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var trial = cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 0));
        await trial.OnStartedAsync(1, "worker-a", Guid.NewGuid().ToString("N"));
        return (started.SweepId, trial);
    }

    private static Contracts.Trials.EpochReport Epoch(int epoch, double elbo) => new(epoch, epoch * 10L, new Dictionary<string, double> { ["elbo"] = elbo });
}
