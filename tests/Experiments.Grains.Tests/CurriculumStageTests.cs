using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Grains.Experiments;
using Experiments.Grains.Messaging;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Experiments.Grains.Tests;

/// <summary>
/// A sweep's curriculum reaches every attempt, and the stage a worker reports with each epoch is kept by the trial
/// (per epoch and as its latest) and by the sweep, across a restart: what schedulers compare trials at.
/// </summary>
public sealed class CurriculumStageTests
{
    private static readonly CurriculumPlan WarmUp = new(
    [
        new("kl_warmup", 1, new Dictionary<string, ParameterValue> { ["beta_scale"] = ParameterValue.Float(0.25) }),
        new("full", 2, new Dictionary<string, ParameterValue>()),
    ]);

    [Fact]
    public async Task The_stage_in_a_worker_s_progress_report_is_kept_in_the_trial_s_history_and_summary_and_the_sweep_s_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1) with { Curriculum = WarmUp, Epochs = 3 };
        var root = Directory.CreateTempSubdirectory("experiments-curriculum-").FullName;
        var script = new WorkerScript { Hold = _ => true };
        Guid sweepId;
        string trialId;
        await using (var cluster = await GrainTestCluster.StartAsync(script, root))
        {
            var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            sweepId = started.SweepId;
            var sweep = cluster.Grains.GetGrain<ISweepGrain>(sweepId);
            await Polling.UntilAsync(sweep, s => s.Trials.Count == 1);
            var dispatched = Assert.Single(script.Dispatched);
            trialId = dispatched.TrialId;
            Assert.Equal(WarmUp.Describe(3), dispatched.Curriculum!.Describe(3));

            // The worker's reports go over a real (in-memory) bus to the consumer the silo runs.
            await using var bus = await StartTrialEventsBusAsync(cluster.Grains);
            await bus.Bus.Publish(new TrialStarted(trialId, 1, "worker-a", "run-a", DateTimeOffset.UtcNow), ct);
            await bus.Bus.Publish(Progress(trialId, epoch: 1, stage: 0, "kl_warmup", elbo: -200), ct);
            await bus.Bus.Publish(Progress(trialId, epoch: 2, stage: 1, "full", elbo: -150), ct);

            var snapshot = await Polling.UntilAsync(sweep, s => s.Trials.Single().Epoch == 2);
            var summary = snapshot.Trials.Single();
            Assert.Equal((1, "full"), (summary.Stage, summary.StageName));
            var history = await cluster.Grains.GetGrain<ITrialGrain>(trialId).GetHistoryAsync();
            // The bus may deliver the two reports in either order; each keeps its own stage.
            Assert.Equal([(1, (int?)0, "kl_warmup"), (2, 1, "full")], history.OrderBy(e => e.Epoch).Select(e => (e.Epoch, e.Stage, e.StageName)));
        }

        // From the state files alone, after a restart.
        await using var restarted = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true }, root);
        var kept = await restarted.Grains.GetGrain<ITrialGrain>(trialId).GetHistoryAsync();
        Assert.Equal([(int?)0, 1], kept.OrderBy(e => e.Epoch).Select(e => e.Stage));
        var trial = (await restarted.Grains.GetGrain<ISweepGrain>(sweepId).GetSnapshotAsync()).Trials.Single();
        Assert.Equal((1, "full"), (trial.Stage, trial.StageName));
        Assert.Equal(WarmUp.Describe(3), (await restarted.Grains.GetGrain<ISweepGrain>(sweepId).GetSnapshotAsync()).Definition.Curriculum!.Describe(3));
    }

    [Fact]
    public async Task Without_a_curriculum_epochs_and_trials_have_no_stage()
    {
        var script = new WorkerScript();
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);

        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        Assert.Null(Assert.Single(script.Dispatched).Curriculum);
        Assert.Null(snapshot.Trials.Single().Stage);
        Assert.All(await cluster.Grains.GetGrain<ITrialGrain>(snapshot.Trials.Single().TrialId).GetHistoryAsync(), e => Assert.Null(e.StageName));
    }

    private static TrialProgressed Progress(string trialId, int epoch, int stage, string name, double elbo) =>
        new(trialId, 1, [new EpochReport(epoch, epoch * 10L, new Dictionary<string, double> { ["elbo"] = elbo }) { CurriculumStage = stage, CurriculumStageName = name }]);

    private static async Task<TrialEventsBus> StartTrialEventsBusAsync(IGrainFactory grains)
    {
        var services = new ServiceCollection();
        services.AddSingleton(grains);
        services.AddMassTransitTestHarness(bus => bus.AddConsumer<TrialEventsConsumer>());
        var provider = services.BuildServiceProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new TrialEventsBus(provider, harness);
    }

    private sealed class TrialEventsBus(ServiceProvider provider, ITestHarness harness) : IAsyncDisposable
    {
        public IBus Bus => harness.Bus;

        public async ValueTask DisposeAsync()
        {
            await harness.Stop();
            await provider.DisposeAsync();
        }
    }
}
