using Experiments.Contracts.Trials;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Experiments.WorkerRuntime;

/// <summary>While a slot trains an attempt, it says so every few seconds, so a long epoch is not taken for a dead worker.</summary>
public static class TrialHeartbeats
{
    public static async Task SendAsync(
        ConsumeContext context, StartTrial trial, string workerHost, TimeSpan interval, TimeProvider clock, ILogger logger, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(trial);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await context.Publish(new TrialHeartbeat(trial.TrialId, trial.Attempt, workerHost, clock.GetUtcNow()), stop);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A broker hiccup: the next beat tries again; only a long silence makes the sweep retry the trial.
                    logger.LogDebug(exception, "Heartbeat of trial {TrialId} attempt {Attempt} not sent", trial.TrialId, trial.Attempt);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Training ended.
        }
    }
}
