using Experiments.Grains.Catalog;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;

namespace Experiments.Grains.Tests;

public sealed class SweepCatalogTests
{
    [Fact]
    public async Task New_sweeps_of_every_experiment_are_listed_once_in_the_order_they_were_created()
    {
        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true });
        var first = Definitions.Vae(maxTrials: 1, parallel: 1);
        var second = Definitions.Vae(maxTrials: 2, parallel: 1);
        var a = await cluster.Grains.GetGrain<IExperimentGrain>(first.Name).StartSweepAsync(first, resumeUnfinished: true);
        var b = await cluster.Grains.GetGrain<IExperimentGrain>(second.Name).StartSweepAsync(second, resumeUnfinished: true);
        await cluster.Grains.GetGrain<ISweepGrain>(a.SweepId).StopAsync("interrupted by test");
        var resumed = await cluster.Grains.GetGrain<IExperimentGrain>(first.Name).StartSweepAsync(first, resumeUnfinished: true);

        var listed = await cluster.Grains.GetSweepCatalog().GetSweepsAsync();

        Assert.True(resumed.Resumed);
        Assert.Equal([(first.Name, a.SweepId), (second.Name, b.SweepId)], listed.Select(s => (s.ExperimentName, s.SweepId)));
        var recorded = await cluster.Grains.GetGrain<IExperimentGrain>(first.Name).GetSweepsAsync();
        Assert.Equal(Assert.Single(recorded).CreatedAt, listed[0].CreatedAt);
        Assert.Equal(b.SweepId, (await cluster.Grains.GetSweepCatalog().FindAsync(b.SweepId))?.SweepId);
        Assert.Null(await cluster.Grains.GetSweepCatalog().FindAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_sweep_recorded_before_the_catalog_existed_is_listed_when_its_spec_is_started_again()
    {
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var root = Directory.CreateTempSubdirectory("experiments-catalog-").FullName;
        Guid sweepId;
        await using (var before = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true }, root))
        {
            sweepId = (await before.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, resumeUnfinished: true)).SweepId;
            await before.Grains.GetGrain<ISweepGrain>(sweepId).StopAsync("interrupted by test");
        }

        // A state folder from before the catalog: every file but the catalog's.
        File.Delete(Directory.GetFiles(Path.Combine(root, "state"), "sweepcatalog_*.state").Single());
        await using var after = await GrainTestCluster.StartAsync(new WorkerScript(), root);
        Assert.Empty(await after.Grains.GetSweepCatalog().GetSweepsAsync());

        var resumed = await after.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, resumeUnfinished: true);

        Assert.Equal(sweepId, resumed.SweepId);
        var listed = Assert.Single(await after.Grains.GetSweepCatalog().GetSweepsAsync());
        Assert.Equal((definition.Name, sweepId), (listed.ExperimentName, listed.SweepId));
    }
}
