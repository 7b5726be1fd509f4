using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>
/// A sweep stores its finished trials in pages of <see cref="SweepGrain.PageSize"/>, written once, and keeps only its
/// active trials in its own state (finished ones after the last page are read back from their grains): what a save
/// writes does not grow with the sweep.
/// </summary>
public sealed class SweepPagingTests
{
    private const int MaxTrials = (2 * SweepGrain.PageSize) + 50;

    [Fact]
    public async Task A_sweep_of_several_pages_keeps_its_own_state_small_and_reads_every_trial_back_after_a_restart()
    {
        var root = Directory.CreateTempSubdirectory("experiments-paging-").FullName;
        var definition = Definitions.Vae(maxTrials: MaxTrials, parallel: 8);
        Guid sweepId;
        SweepSnapshot finished;
        await using (var first = await GrainTestCluster.StartAsync(new WorkerScript { Objective = trial => trial.TrialNumber % 97, EpochsToReport = 1 }, root))
        {
            sweepId = (await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true)).SweepId;
            finished = await Polling.UntilAsync(first.Grains.GetGrain<ISweepGrain>(sweepId), s => s.IsFinished, TimeSpan.FromSeconds(120));

            Assert.Equal(SweepStatus.Completed, finished.Status);
            Assert.Equal(Enumerable.Range(0, MaxTrials), finished.Trials.Select(t => t.Number));
            Assert.All(finished.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            // Every attempt records its dispatch and its start, the two ends of its dispatch latency.
            Assert.All(finished.Trials, t => Assert.True(t.DispatchedAt <= t.AttemptStartedAt, $"trial {t.Number}: dispatched {t.DispatchedAt:O}, started {t.AttemptStartedAt:O}"));

            // Two full pages; the 50 finished trials after them are in their own grains' state, not in the sweep's, which
            // holds its definition and no trial (none is active): a tenth of a page at most.
            var pages = StateFiles.SweepPages(first.StateDirectory, sweepId);
            Assert.Equal(2, pages.Length);
            var own = new FileInfo(StateFiles.Sweep(first.StateDirectory, sweepId)).Length;
            Assert.True(own * 10 < pages.Min(page => new FileInfo(page).Length), $"sweep state {own} bytes, pages {string.Join(", ", pages.Select(p => new FileInfo(p).Length))}");
        }

        // A new cluster on the same folder reads the pages and the state back: the same trials, the same best.
        await using var second = await GrainTestCluster.StartAsync(root: root);
        var reread = await second.Grains.GetGrain<ISweepGrain>(sweepId).GetSnapshotAsync();
        Assert.Equal(finished.Trials.Select(t => (t.Number, t.Status, t.Objective)), reread.Trials.Select(t => (t.Number, t.Status, t.Objective)));
        Assert.Equal(finished.BestTrialId, reread.BestTrialId);
        // The VAE maximises its ELBO: the best of trial number % 97 is 96.
        Assert.Equal(96, reread.BestTrial!.Objective);

        // What a status poll and a page of trials read: the counts and the best without the trials, and just the page.
        var sweep = second.Grains.GetGrain<ISweepGrain>(sweepId);
        var overview = await sweep.GetOverviewAsync(0, 0);
        Assert.Empty(overview.Trials);
        Assert.Equal(new SweepTrialCounts(MaxTrials, 0, 0, MaxTrials, 0, 0, 0), overview.Counts);
        Assert.Equal(finished.BestTrialId, overview.BestTrial!.TrialId);
        Assert.Equal(finished.Trials.Max(t => t.FinishedAt), overview.LastFinishedAt);
        var page = await sweep.GetOverviewAsync(SweepGrain.PageSize - 5, 10);
        Assert.Equal(Enumerable.Range(SweepGrain.PageSize - 5, 10), page.Trials.Select(t => t.Number));
        Assert.Equal(SweepGrain.PageSize - 5, page.TrialsOffset);
        Assert.Equal(Enumerable.Range(MaxTrials - 5, 5), (await sweep.GetOverviewAsync(MaxTrials - 5, 100)).Trials.Select(t => t.Number));
        Assert.Empty((await sweep.GetOverviewAsync(MaxTrials + 10, 10)).Trials);
    }
}
