using Experiments.Contracts.Trials;
using Experiments.Grains.Messaging;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>
/// Stands in for the bus and a worker in grain tests: reports back to the trial grain the way a real
/// worker's messages would, on another task, as the transport does.
/// </summary>
public sealed class ScriptedWorker(IGrainFactory grains, WorkerScript script) : ITrialDispatcher
{
    public Task DispatchAsync(StartTrial command, CancellationToken cancellationToken = default)
    {
        script.Dispatched.Enqueue(command);
        if (!script.Hold(command))
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
        script.Enter();
        try
        {
            var trial = grains.GetGrain<ITrialGrain>(command.TrialId);
            await trial.OnStartedAsync(command.Attempt, "scripted-worker", Guid.NewGuid().ToString("N"));
            if (script.Vanish(command))
            {
                return;
            }

            var objective = script.Objective(command);
            for (var epoch = 1; epoch <= script.EpochsToReport; epoch++)
            {
                await Task.Delay(5);
                if (objective is { } value)
                {
                    await trial.OnEpochAsync(command.Attempt, epoch, epoch * 10, new Dictionary<string, double> { ["elbo"] = value - script.EpochsToReport + epoch });
                }
            }

            if (objective is { } final)
            {
                await trial.OnCompletedAsync(command.Attempt, new Dictionary<string, double> { ["elbo"] = final });
            }
            else
            {
                await trial.OnFailedAsync(command.Attempt, "scripted failure", killed: false);
            }
        }
        finally
        {
            script.Leave();
        }
    }
}
