using Experiments.Contracts.Trials;
using Experiments.Grains.Messaging;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Api.Tests;

/// <summary>
/// Stands in for the bus and the workers: each dispatched trial reports every epoch and completes, with the objective
/// metric equal to its parameter <c>x1</c> (<see cref="TrialScript.Objective"/>), so a leaderboard's order can be checked against the trials' parameters.
/// After each epoch it waits until the sweep has taken it in (and so made any pruning decision about it), which
/// keeps schedulers' decisions independent of timing.
/// </summary>
public sealed class ScriptedTrials(IGrainFactory grains, TrialScript script) : ITrialDispatcher
{
    private static readonly TimeSpan SweepCatchUp = TimeSpan.FromSeconds(30);

    public Task DispatchAsync(StartTrial command, CancellationToken cancellationToken = default)
    {
        script.Dispatched.Enqueue(command);
        if (!script.IsHeld(command))
        {
            _ = Task.Run(() => TrainAsync(command), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(CancelTrial command, CancellationToken cancellationToken = default)
    {
        script.Cancelled.Enqueue(command);
        return Task.CompletedTask;
    }

    private async Task TrainAsync(StartTrial command)
    {
        var trial = grains.GetGrain<ITrialGrain>(command.TrialId);
        var objective = script.Objective(command);
        await trial.OnStartedAsync(command.Attempt, "scripted-worker", Guid.NewGuid().ToString("N"));
        for (var epoch = 1; epoch <= command.Epochs; epoch++)
        {
            await trial.OnEpochAsync(command.Attempt, epoch, epoch * 10, new Dictionary<string, double> { [command.ObjectiveMetric] = objective });
            if (!await SweepHasSeenAsync(command, epoch))
            {
                return; // Pruned or stopped: a real worker is told to stop.
            }
        }

        await trial.OnCompletedAsync(command.Attempt, new Dictionary<string, double> { [command.ObjectiveMetric] = objective });
    }

    /// <summary>Whether the trial goes on after the sweep took in <paramref name="epoch"/>.</summary>
    private async Task<bool> SweepHasSeenAsync(StartTrial command, int epoch)
    {
        var sweep = grains.GetGrain<ISweepGrain>(command.SweepId);
        var deadline = DateTime.UtcNow + SweepCatchUp;
        while (DateTime.UtcNow < deadline)
        {
            var seen = (await sweep.GetSnapshotAsync()).Trials.Single(t => t.TrialId == command.TrialId);
            if (seen.Attempt != command.Attempt || !seen.IsActive)
            {
                return false;
            }

            if (seen.Epoch >= epoch)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }
}
