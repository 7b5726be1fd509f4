using Experiments.Contracts.Trials;
using Experiments.Grains.Trials;
using MassTransit;

namespace Experiments.Grains.Messaging;

/// <summary>Forwards what workers report to the trial's grain, wherever it is activated.</summary>
public sealed class TrialEventsConsumer(IGrainFactory grains) :
    IConsumer<TrialStarted>,
    IConsumer<TrialHeartbeat>,
    IConsumer<TrialProgressed>,
    IConsumer<TrialCompleted>,
    IConsumer<TrialFailed>
{
    public Task Consume(ConsumeContext<TrialStarted> context)
    {
        var message = context.Message;
        return Trial(message.TrialId).OnStartedAsync(message.Attempt, message.WorkerHost, message.RunKey, message.StartedAt);
    }

    public Task Consume(ConsumeContext<TrialHeartbeat> context)
    {
        var message = context.Message;
        return Trial(message.TrialId).OnHeartbeatAsync(message.Attempt, message.WorkerHost);
    }

    public Task Consume(ConsumeContext<TrialProgressed> context)
    {
        var message = context.Message;
        return Trial(message.TrialId).OnEpochsAsync(message.Attempt, message.Epochs);
    }

    public Task Consume(ConsumeContext<TrialCompleted> context)
    {
        var message = context.Message;
        return Trial(message.TrialId).OnCompletedAsync(message.Attempt, new Dictionary<string, double>(message.Metrics), message.LastEpochs);
    }

    public Task Consume(ConsumeContext<TrialFailed> context)
    {
        var message = context.Message;
        return Trial(message.TrialId).OnFailedAsync(message.Attempt, message.Reason, message.Killed);
    }

    private ITrialGrain Trial(string trialId) => grains.GetGrain<ITrialGrain>(trialId);
}
