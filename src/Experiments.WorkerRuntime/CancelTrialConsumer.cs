using Experiments.Contracts.Trials;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Experiments.WorkerRuntime;

/// <summary>Every worker receives every CancelTrial (its own queue); only the holder acts.</summary>
public sealed class CancelTrialConsumer(RunningTrials running, ILogger<CancelTrialConsumer> logger) : IConsumer<CancelTrial>
{
    public Task Consume(ConsumeContext<CancelTrial> context)
    {
        var message = context.Message;
        if (running.Cancel(message.TrialId, message.Attempt))
        {
            logger.LogInformation("Cancelling trial {TrialId} attempt {Attempt}: {Reason}", message.TrialId, message.Attempt, message.Reason);
        }

        return Task.CompletedTask;
    }
}
