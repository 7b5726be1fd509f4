using Experiments.Contracts.Trials;
using Experiments.Training.Engine.Checkpoints;
using MassTransit.Testing;

namespace Experiments.WorkerRuntime.Tests;

/// <summary>A trial that runs again continues from the latest checkpoint its earlier run left in MLflow, in a new run that says so.</summary>
public sealed class TrialResumeTests
{
    [Fact]
    public async Task A_second_attempt_continues_from_the_first_attempts_latest_checkpoint_in_a_new_tagged_run()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var first = await Trials.NewAsync(worker.Tracker, epochs: 5);

        // Attempt 1 is stopped once it has finished (and checkpointed) epoch 2, as a lost worker would stop.
        await worker.Harness.Bus.Publish(first, ct);
        Assert.True(await worker.Harness.Published.Any<TrialProgressed>(p => p.Context.Message.Epochs.Any(e => e.Epoch == 2), ct));
        await worker.Harness.Bus.Publish(new CancelTrial(first.TrialId, first.Attempt, "test"), ct);
        Assert.True(await worker.Harness.Published.Any<TrialFailed>(ct));
        var firstRun = worker.Harness.Published.Select<TrialStarted>(ct).Single().Context.Message.RunKey;
        var tracker = await worker.DeliveredAsync();
        var firstCheckpoints = (await tracker.ListArtifactsAsync(firstRun, CheckpointPaths.Folder, ct)).Select(f => f.Path).ToList();
        var stoppedAfter = firstCheckpoints.Max(path => CheckpointPaths.EpochOf(path)!.Value);
        Assert.InRange(stoppedAfter, 2, 4);
        var stepAtCheckpoint = worker.ReportedEpochs().Single(e => e.Epoch == stoppedAfter).Step;

        var second = first with { Attempt = 2 };
        await worker.Harness.Bus.Publish(second, ct);

        // Polled: the harness's inactivity wait does not restart for a second round of messages.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!worker.Harness.Published.Select<TrialCompleted>(ct).Any() && !worker.Harness.Published.Select<TrialFailed>(ct).Any(f => f.Context.Message.Attempt == 2))
        {
            Assert.True(DateTime.UtcNow < deadline, "attempt 2 neither completed nor failed within 2 minutes");
            await Task.Delay(100, ct);
        }

        Assert.DoesNotContain(worker.Harness.Published.Select<TrialFailed>(ct), f => f.Context.Message.Attempt == 2);
        var secondRun = worker.Harness.Published.Select<TrialStarted>(ct).Single(s => s.Context.Message.Attempt == 2).Context.Message.RunKey;
        var progress = worker.ReportedEpochs(attempt: 2);
        Assert.Equal(Enumerable.Range(stoppedAfter + 1, 5 - stoppedAfter), progress.Select(p => p.Epoch));
        Assert.All(progress, p => Assert.True(p.Step > stepAtCheckpoint));
        Assert.Equal(5, worker.Harness.Published.Select<TrialCompleted>(ct).Single().Context.Message.Epochs);

        tracker = await worker.DeliveredAsync();
        var run = await tracker.GetRunAsync(secondRun, ct);
        Assert.NotNull(run);
        Assert.NotEqual(firstRun, secondRun);
        Assert.Equal($"run {firstRun} {CheckpointPaths.ForEpoch(stoppedAfter)}", run.Tags[TrialRunObserver.ResumedFromTag]);
        Assert.Equal(stoppedAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Tags[TrialRunObserver.ResumedFromEpochTag]);
        var elbo = await tracker.GetMetricHistoryAsync(secondRun, "elbo", ct);
        Assert.Equal(Enumerable.Range(stoppedAfter + 1, 5 - stoppedAfter).Select(e => (long)e), elbo.Select(m => m.Step));
        var steps = await tracker.GetMetricHistoryAsync(secondRun, "step/train_loss", ct);
        Assert.All(steps, point => Assert.True(point.Step > stepAtCheckpoint));
        var kept = (await tracker.ListArtifactsAsync(secondRun, CheckpointPaths.Folder, ct)).Select(f => f.Path).ToList();
        Assert.Contains(CheckpointPaths.ForEpoch(5), kept);
        Assert.Contains(CheckpointPaths.ForEpoch(4), kept);
        Assert.InRange(kept.Count, 2, 3); // the last two, and the best by elbo if it is older
    }
}
