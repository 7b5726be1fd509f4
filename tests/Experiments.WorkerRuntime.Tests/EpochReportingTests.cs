using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;

namespace Experiments.WorkerRuntime.Tests;

/// <summary>
/// A worker reports each finished epoch without holding training up: epochs that end while a report travels go
/// together, in order, in the next one (and their metrics in one outbox record), and a report that fails stops the
/// trial at its next epoch or at the end.
/// </summary>
public sealed class EpochReportingTests
{
    [Fact]
    public async Task Training_goes_on_while_a_report_travels_and_the_epochs_meanwhile_go_together_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        // More epochs planned than reported here: none of these is the last, which goes with the completion (below).
        var command = await Trials.NewAsync(worker.Tracker, epochs: 10);
        var firstReportArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (observer, sent, run) = await Observe(worker, command, "reporting", async progress =>
        {
            if (progress.Epochs[0].Epoch == 1)
            {
                firstReportArrived.SetResult();
                await releaseFirstReport.Task;
            }
        });

        await observer.OnEpochAsync(1, 10, Loss(0.9), ct);
        await firstReportArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        // The first report is stuck on its way: the next epochs still return at once.
        var meanwhile = Task.Run(
            async () =>
            {
                await observer.OnEpochAsync(2, 20, Loss(0.8), ct);
                await observer.OnEpochAsync(3, 30, Loss(0.7), ct);
                await observer.OnEpochAsync(4, 40, Loss(0.6), ct);
            },
            ct);
        await meanwhile.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Single(sent);

        releaseFirstReport.SetResult();
        await observer.FlushAsync(ct);

        Assert.Equal([[1], [2, 3, 4]], sent.Select(p => p.Epochs.Select(e => e.Epoch).ToArray()).ToArray());
        Assert.All(sent, p => Assert.Equal((command.TrialId, command.Attempt), (p.TrialId, p.Attempt)));
        Assert.Equal([20L, 30L, 40L], sent[1].Epochs.Select(e => e.Step));
        Assert.Equal(0.7, sent[1].Epochs[1].Metrics["loss"]);
        var tracker = await worker.DeliveredAsync();
        var history = await tracker.GetMetricHistoryAsync(run.Key, "loss", ct);
        Assert.Equal([(1L, 0.9), (2L, 0.8), (3L, 0.7), (4L, 0.6)], history.OrderBy(m => m.Step).Select(m => (m.Step, m.Value)));
    }

    [Fact]
    public async Task A_report_that_fails_is_thrown_at_the_next_epoch_or_at_the_end()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 2);
        var (observer, _, _) = await Observe(worker, command, "failing", _ => Task.FromException(new InvalidOperationException("broker unreachable")));

        await observer.OnEpochAsync(1, 10, Loss(0.9), ct);

        var atEnd = await Assert.ThrowsAsync<InvalidOperationException>(() => observer.FlushAsync(ct));
        Assert.Contains("broker unreachable", atEnd.Message, StringComparison.Ordinal);
        var atNextEpoch = await Assert.ThrowsAsync<InvalidOperationException>(async () => await observer.OnEpochAsync(2, 20, Loss(0.8), ct));
        Assert.Contains("broker unreachable", atNextEpoch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_planned_last_epoch_goes_with_the_completion_and_any_other_end_still_reports_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = await WorkerHarness.StartAsync();
        var command = await Trials.NewAsync(worker.Tracker, epochs: 2);
        var completing = await Observe(worker, command, "completing");
        var failing = await Observe(worker, command with { TrialId = command.TrialId + "-b" }, "failing");

        await completing.Observer.OnEpochAsync(1, 10, Loss(0.9), ct);
        await completing.Observer.OnEpochAsync(2, 20, Loss(0.8), ct);
        var last = await completing.Observer.TakeLastEpochsAsync(ct);

        Assert.Equal([[1]], completing.Sent.Select(p => p.Epochs.Select(e => e.Epoch).ToArray()).ToArray());
        Assert.Equal([(2, 20L, 0.8)], last.Select(e => (e.Epoch, e.Step, e.Metrics["loss"])));
        var tracker = await worker.DeliveredAsync();
        Assert.Equal([1L, 2L], (await tracker.GetMetricHistoryAsync(completing.Run.Key, "loss", ct)).Select(m => m.Step).Order());

        // Training that stops after its last epoch without completing (a failure in its final step) reports it as usual.
        await failing.Observer.OnEpochAsync(1, 10, Loss(0.9), ct);
        await failing.Observer.OnEpochAsync(2, 20, Loss(0.8), ct);
        await failing.Observer.FlushAsync(ct);
        Assert.Equal([1, 2], failing.Sent.SelectMany(p => p.Epochs).Select(e => e.Epoch));
    }

    /// <summary>An observer of a new run of <paramref name="command"/> whose reports are recorded, then passed to <paramref name="send"/> (by default sent at once).</summary>
    private static async Task<(TrialRunObserver Observer, List<TrialProgressed> Sent, RunReference Run)> Observe(
        WorkerHarness worker, StartTrial command, string name, Func<TrialProgressed, Task>? send = null)
    {
        var run = await worker.Outbox.CreateRunAsync(command.Tracking.ExperimentName, name, new Dictionary<string, string>(), command.Tracking.ParentRunKey, TestContext.Current.CancellationToken);
        var sent = new List<TrialProgressed>();
        var observer = new TrialRunObserver(
            (progress, _) =>
            {
                lock (sent)
                {
                    sent.Add(progress);
                }

                return send?.Invoke(progress) ?? Task.CompletedTask;
            },
            worker.Outbox,
            run,
            command,
            TimeProvider.System);
        return (observer, sent, run);
    }

    private static Dictionary<string, double> Loss(double value) => new() { ["loss"] = value };
}
