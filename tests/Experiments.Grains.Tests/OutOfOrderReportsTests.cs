using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>
/// Silos consume worker reports concurrently, so one attempt's reports can arrive out of order: its completion
/// before its last epoch, or even before its start. Nothing the worker sent before it finished is lost.
/// </summary>
public sealed class OutOfOrderReportsTests
{
    [Fact]
    public async Task A_completion_that_overtakes_the_start_and_the_last_epoch_loses_neither()
    {
        var script = new WorkerScript { Hold = _ => true };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1) with { Epochs = 2 };
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 1);
        var trial = cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 0));
        var workerStart = DateTimeOffset.UtcNow;

        // The worker sent: started, epoch 1, epoch 2, completed. They arrive: epoch 1, completed, epoch 2, started.
        await trial.OnEpochAsync(1, 1, 10, new Dictionary<string, double> { ["elbo"] = -200 });
        await trial.OnCompletedAsync(1, new Dictionary<string, double> { ["elbo"] = -150 });
        await trial.OnEpochAsync(1, 2, 20, new Dictionary<string, double> { ["elbo"] = -150 });
        await trial.OnStartedAsync(1, "worker-a", "run-a", workerStart);

        var summary = await trial.GetSummaryAsync();
        Assert.Equal(TrialStatus.Completed, summary.Status);
        Assert.Equal([-200.0, -150.0], summary.Curve);
        Assert.Equal(2, summary.Epoch);
        Assert.Equal("run-a", summary.RunKey);
        Assert.Equal("worker-a", summary.WorkerHost);
        Assert.Equal(workerStart, summary.AttemptStartedAt);
        var finished = await Polling.UntilAsync(sweep, s => s.IsFinished && s.Trials[0].RunKey == "run-a");
        Assert.Equal(SweepStatus.Completed, finished.Status);
        Assert.Equal([-200.0, -150.0], finished.Trials[0].Curve);
    }
}
