using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using Experiments.Specs;
using Experiments.Testing;
using Experiments.Training.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Experiments.Hosting.Tests;

/// <summary>The cluster composition on a real Redis: silos that join one cluster, and sweeps that go on with no client.</summary>
public sealed class ClusterHealingTests
{
    private const string Spec = """
        name: healing
        model: function
        dataset: branin
        objective: {metric: value, goal: minimize}
        budget: {max_trials: 6, parallel: 2, epochs: 10}
        search: {algorithm: random, seed: 3}
        parameters:
          x1: {type: uniform, min: -5, max: 10}
          x2: {type: uniform, min: 0, max: 15}
          seconds_per_epoch: 0.15
        """;

    [Fact]
    public async Task Two_silos_on_one_redis_form_one_cluster()
    {
        var redis = TestRedis.Require();
        var cancellation = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var serviceId = "test-" + Guid.NewGuid().ToString("N")[..12];
        using var first = TestNode.Build(redis, serviceId, folder.Path, NodeRoles.Silo);
        using var second = TestNode.Build(redis, serviceId, folder.Path, NodeRoles.Silo);
        await first.StartAsync(cancellation);
        try
        {
            await second.StartAsync(cancellation);
            try
            {
                var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
                var hosts = await Polling.UntilAsync(
                    () => management.GetHosts(onlyActive: true), found => found.Count == 2, TimeSpan.FromSeconds(60), cancellation);
                Assert.Equal(2, hosts.Count);
            }
            finally
            {
                await second.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_running_sweep_goes_on_after_its_silo_restarts_with_no_client_calling_it()
    {
        var redis = TestRedis.Require();
        var cancellation = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var serviceId = "test-" + Guid.NewGuid().ToString("N")[..12];
        var parsed = SweepSpecParser.Parse(Spec, "healing.yaml", ModelFamilies.Catalog);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));

        // First life: the sweep starts and trains until a trial completed, then its silo and workers stop mid-sweep.
        Guid sweepId;
        using (var first = TestNode.Build(redis, serviceId, folder.Path, NodeRoles.Embedded))
        {
            await first.StartAsync(cancellation);
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            sweepId = (await grains.GetGrain<IExperimentGrain>("healing").StartSweepAsync(parsed.Spec!.ToDefinition(), resumeUnfinished: false)).SweepId;
            var sweep = grains.GetGrain<ISweepGrain>(sweepId);
            var running = await Polling.UntilAsync(
                sweep.GetSnapshotAsync,
                s => s.Trials.Any(t => t.Status == TrialStatus.Completed) && s.Trials.Any(t => t.Status == TrialStatus.Running),
                TimeSpan.FromSeconds(60),
                cancellation);
            Assert.Equal(SweepStatus.Running, running.Status);
            await first.StopAsync(CancellationToken.None);
        }

        // Second life: nobody calls the sweep. Its reminder activates it, its liveness check runs the trials the
        // stopped workers left behind again, and it finishes.
        using var second = TestNode.Build(redis, serviceId, folder.Path, NodeRoles.Embedded);
        await second.StartAsync(cancellation);
        try
        {
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            var management = grains.GetGrain<IManagementGrain>(0);
            await Polling.UntilAsync(
                management.GetSimpleGrainStatistics,
                statistics => statistics.Any(s => s.GrainType.Contains(nameof(SweepGrain), StringComparison.Ordinal) && s.ActivationCount > 0),
                TimeSpan.FromSeconds(60),
                cancellation);

            var finished = await Polling.UntilAsync(
                grains.GetGrain<ISweepGrain>(sweepId).GetSnapshotAsync, s => s.IsFinished, TimeSpan.FromSeconds(120), cancellation);
            Assert.Equal(SweepStatus.Completed, finished.Status);
            Assert.Equal(6, finished.Trials.Count);
            Assert.All(finished.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.Contains(finished.Trials, t => t.Attempt > 1);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }
}
