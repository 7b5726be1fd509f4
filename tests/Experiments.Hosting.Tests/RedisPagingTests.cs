using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using Experiments.Specs;
using Experiments.Testing;
using Experiments.Training.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Experiments.Hosting.Tests;

/// <summary>A sweep longer than a page on Redis: its pages are written (etags and all) and read back by a new silo.</summary>
public sealed class RedisPagingTests
{
    private const int MaxTrials = SweepGrain.PageSize + 30;

    [Fact]
    public async Task A_sweep_of_more_than_a_page_on_redis_is_read_back_whole_by_a_new_silo()
    {
        var redis = TestRedis.Require();
        var cancellation = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        var serviceId = "test-" + Guid.NewGuid().ToString("N")[..12];
        var parsed = SweepSpecParser.Parse($$"""
            name: paging
            model: function
            dataset: sphere2
            objective: {metric: value, goal: minimize}
            budget: {max_trials: {{MaxTrials}}, parallel: 8, epochs: 1}
            search: {algorithm: random, seed: 1}
            parameters:
              x1: {type: uniform, min: -5, max: 5}
              x2: {type: uniform, min: -5, max: 5}
            """, "paging.yaml", ModelFamilies.Catalog);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));

        SweepSnapshot finished;
        using (var first = TestNode.Build(redis, serviceId, folder.Path, NodeRoles.Embedded))
        {
            await first.StartAsync(cancellation);
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var sweepId = (await grains.GetGrain<IExperimentGrain>("paging").StartSweepAsync(parsed.Spec!.ToDefinition(), resumeUnfinished: false)).SweepId;
            finished = await Polling.UntilAsync(grains.GetGrain<ISweepGrain>(sweepId).GetSnapshotAsync, s => s.IsFinished, TimeSpan.FromSeconds(120), cancellation);
            await first.StopAsync(CancellationToken.None);
        }

        Assert.Equal(SweepStatus.Completed, finished.Status);
        Assert.Equal(MaxTrials, finished.Trials.Count(t => t.Status == TrialStatus.Completed));
        using var second = TestNode.Build(redis, serviceId, folder.Path, NodeRoles.Silo);
        await second.StartAsync(cancellation);
        try
        {
            var reread = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<ISweepGrain>(finished.SweepId).GetSnapshotAsync();
            Assert.Equal(finished.Trials.Select(t => (t.Number, t.Status, t.Objective)), reread.Trials.Select(t => (t.Number, t.Status, t.Objective)));
            Assert.Equal(finished.BestTrialId, reread.BestTrialId);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }
}
