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
}
