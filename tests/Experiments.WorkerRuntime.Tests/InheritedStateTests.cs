using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Training.Engine.Checkpoints;
using MassTransit.Testing;

namespace Experiments.WorkerRuntime.Tests;

/// <summary>
/// Population-based training on a worker: a trial told to inherit another's state continues from that trial's
/// latest checkpoint in MLflow, with its own (perturbed) parameters, in a run that records the lineage.
/// </summary>
public sealed class InheritedStateTests
{
    [Fact]
    public async Task A_trial_inheriting_from_another_continues_from_its_latest_checkpoint_in_a_run_with_the_lineage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var donor = await Trials.NewAsync(worker.Tracker, epochs: 3);
        await worker.Harness.Bus.Publish(donor, ct);
        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(ct));
        var donorRun = worker.Harness.Published.Select<TrialStarted>(ct).Single().Context.Message.RunKey;
        var donorSteps = worker.ReportedEpochs().Single(e => e.Epoch == 3).Step;

        // Trial 1 of the same sweep, at its second attempt, continues from trial 0's state with a larger learning rate.
        var parameters = new Dictionary<string, ParameterValue>(donor.Parameters) { ["learning_rate"] = ParameterValue.Float(2.4e-3) };
        var inheritor = donor with
        {
            TrialId = $"{donor.SweepId:N}-0001",
            TrialNumber = 1,
            Attempt = 2,
            Epochs = 5,
            Parameters = parameters,
            Inherit = new TrialInheritance(donor.TrialId, 0, 2, 2, "pbt at epoch 2: test"),
        };
        await worker.Harness.Bus.Publish(inheritor, ct);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!worker.Harness.Published.Select<TrialCompleted>(ct).Any(c => c.Context.Message.TrialId == inheritor.TrialId))
        {
            Assert.DoesNotContain(worker.Harness.Published.Select<TrialFailed>(ct), f => f.Context.Message.TrialId == inheritor.TrialId);
            Assert.True(DateTime.UtcNow < deadline, "the inheriting trial did not complete within 2 minutes");
            await Task.Delay(100, ct);
        }

        // The donor's latest checkpoint is its last epoch (3): the inheritor trains epochs 4 and 5.
        var progress = worker.ReportedEpochs(inheritor.TrialId);
        Assert.Equal([4, 5], progress.Select(p => p.Epoch));
        Assert.All(progress, p => Assert.True(p.Step > donorSteps));
        var run = worker.Harness.Published.Select<TrialStarted>(ct).Single(s => s.Context.Message.TrialId == inheritor.TrialId).Context.Message.RunKey;
        var tracked = await (await worker.DeliveredAsync()).GetRunAsync(run, ct);
        Assert.Equal($"run {donorRun} {CheckpointPaths.ForEpoch(3)}", tracked!.Tags[TrialRunObserver.ResumedFromTag]);
        Assert.Equal("0", tracked.Tags[StartTrialConsumer.DonorTag]);
        Assert.Equal("2", tracked.Tags[StartTrialConsumer.DonorEpochTag]);
        Assert.Equal("pbt at epoch 2: test", tracked.Tags[StartTrialConsumer.ExploitReasonTag]);
        Assert.Equal("0.0024", tracked.Params["learning_rate"]);
    }
}
