using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Tracking;
using MassTransit.Testing;

namespace Experiments.WorkerRuntime.Tests;

public sealed class StartTrialConsumerTests
{
    [Fact]
    public async Task A_trial_trains_reports_every_epoch_and_leaves_a_finished_child_run_in_mlflow()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 2);

        await worker.Harness.Bus.Publish(command, TestContext.Current.CancellationToken);

        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(TestContext.Current.CancellationToken));
        var started = worker.Harness.Published.Select<TrialStarted>(TestContext.Current.CancellationToken).Single().Context.Message;
        var progress = worker.ReportedEpochs();
        var completed = worker.Harness.Published.Select<TrialCompleted>(TestContext.Current.CancellationToken).Single().Context.Message;

        Assert.Equal("test-worker", started.WorkerHost);
        Assert.Equal([1, 2], progress.Select(p => p.Epoch));
        Assert.All(worker.Harness.Published.Select<TrialProgressed>(TestContext.Current.CancellationToken), p => Assert.Equal((command.TrialId, command.Attempt), (p.Context.Message.TrialId, p.Context.Message.Attempt)));
        Assert.True(progress[1].Metrics["loss"] < progress[0].Metrics["loss"], "held-out loss must fall from epoch 1 to 2");
        Assert.Equal(2, completed.Epochs);
        // While it trained, the slot said so, so the sweep can tell a long epoch from a dead worker.
        var heartbeats = worker.Harness.Published.Select<TrialHeartbeat>(TestContext.Current.CancellationToken).Select(h => h.Context.Message).ToList();
        Assert.NotEmpty(heartbeats);
        Assert.All(heartbeats, h => Assert.Equal((command.TrialId, command.Attempt, "test-worker"), (h.TrialId, h.Attempt, h.WorkerHost)));
        Assert.Equal(progress[1].Metrics["elbo"], completed.Metrics["elbo"]);

        var tracker = await worker.DeliveredAsync();
        var run = await tracker.GetRunAsync(started.RunKey, TestContext.Current.CancellationToken);
        Assert.NotNull(run);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal(command.Tracking.ParentRunKey, run.Tags["mlflow.parentRunId"]);
        Assert.Equal("trial-0000", run.RunName);
        Assert.Equal("test-worker", run.Tags["experiments.worker_host"]);
        Assert.Equal("128", run.Params["batch_size"]);
        Assert.Equal("1", run.Params["beta"]); // a default the spec did not set is still recorded
        var elbo = await tracker.GetMetricHistoryAsync(started.RunKey, "elbo", TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L], elbo.Select(m => m.Step));
        // Step metrics are kept apart from the epoch metric of the same name: one series per x axis.
        var trainLoss = await tracker.GetMetricHistoryAsync(started.RunKey, "step/train_loss", TestContext.Current.CancellationToken);
        var epochTrainLoss = await tracker.GetMetricHistoryAsync(started.RunKey, "train_loss", TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L], epochTrainLoss.Select(m => m.Step));
        Assert.NotEmpty(trainLoss);
    }

    [Fact]
    public async Task A_function_trial_records_only_the_coordinates_its_function_has_and_sends_its_last_epoch_with_the_completion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 3, new Dictionary<string, ParameterValue> { ["x1"] = ParameterValue.Float(1), ["x2"] = ParameterValue.Float(-2) })
            with { Model = "function", Dataset = "sphere2", ObjectiveMetric = "value" };

        await worker.Harness.Bus.Publish(command, ct);

        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(ct));
        var completed = worker.Harness.Published.Select<TrialCompleted>(ct).Single().Context.Message;
        Assert.Equal([3], completed.LastEpochs.Select(e => e.Epoch));
        Assert.Equal(5.0, completed.LastEpochs[0].Metrics["value"]);
        Assert.DoesNotContain(3, worker.Harness.Published.Select<TrialProgressed>(ct).SelectMany(p => p.Context.Message.Epochs).Select(e => e.Epoch));
        Assert.Equal([1, 2, 3], worker.ReportedEpochs().Select(e => e.Epoch));

        var runKey = worker.Harness.Published.Select<TrialStarted>(ct).Single().Context.Message.RunKey;
        var run = await (await worker.DeliveredAsync()).GetRunAsync(runKey, ct);
        Assert.Equal(
            ["curriculum", "curve", "dataset", "epochs", "noise", "seconds_per_epoch", "seed", "x1", "x2"],
            run!.Params.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1L, 2L, 3L], (await worker.Tracker.GetMetricHistoryAsync(runKey, "value", ct)).Select(m => m.Step).Order());
    }

    [Fact]
    public async Task A_cancelled_trial_stops_promptly_and_its_run_is_marked_killed()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 50);

        await worker.Harness.Bus.Publish(command, TestContext.Current.CancellationToken);
        Assert.True(await worker.Harness.Published.Any<TrialStarted>(TestContext.Current.CancellationToken));
        await worker.Harness.Bus.Publish(new CancelTrial(command.TrialId, command.Attempt, "test"), TestContext.Current.CancellationToken);

        Assert.True(await worker.Harness.Published.Any<TrialFailed>(TestContext.Current.CancellationToken));
        var failed = worker.Harness.Published.Select<TrialFailed>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.True(failed.Killed);
        Assert.Empty(worker.Harness.Published.Select<TrialCompleted>(TestContext.Current.CancellationToken));
        var runId = worker.Harness.Published.Select<TrialStarted>(TestContext.Current.CancellationToken).Single().Context.Message.RunKey;
        var run = await (await worker.DeliveredAsync()).GetRunAsync(runId, TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Killed, run!.Status);
        Assert.NotNull(run.EndTimeMs);
    }

    [Fact]
    public async Task A_trial_with_an_invalid_hyperparameter_fails_cleanly_and_is_not_counted_as_killed()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 1, new Dictionary<string, ParameterValue> { ["latent_dim"] = ParameterValue.Int(100_000) });

        await worker.Harness.Bus.Publish(command, TestContext.Current.CancellationToken);

        Assert.True(await worker.Harness.Published.Any<TrialFailed>(TestContext.Current.CancellationToken));
        var failed = worker.Harness.Published.Select<TrialFailed>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.False(failed.Killed);
        Assert.Contains("latent_dim", failed.Reason, StringComparison.Ordinal);
        var runId = worker.Harness.Published.Select<TrialStarted>(TestContext.Current.CancellationToken).Single().Context.Message.RunKey;
        var run = await (await worker.DeliveredAsync()).GetRunAsync(runId, TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Contains("latent_dim", run.Tags["experiments.error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_a_running_attempt_is_not_trained_twice()
    {
        await using var worker = await WorkerHarness.StartAsync(slots: 2);
        var command = await Trials.NewAsync(worker.Tracker, epochs: 1);

        await worker.Harness.Bus.Publish(command, TestContext.Current.CancellationToken);
        await worker.Harness.Bus.Publish(command, TestContext.Current.CancellationToken);

        Assert.True(await worker.Harness.Published.Any<TrialCompleted>(TestContext.Current.CancellationToken));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (worker.Harness.Consumed.Select<StartTrial>(TestContext.Current.CancellationToken).Count() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, worker.Harness.Consumed.Select<StartTrial>(TestContext.Current.CancellationToken).Count());
        Assert.Single(worker.Harness.Published.Select<TrialStarted>(TestContext.Current.CancellationToken));
        Assert.Single(worker.Harness.Published.Select<TrialCompleted>(TestContext.Current.CancellationToken));
    }
}
