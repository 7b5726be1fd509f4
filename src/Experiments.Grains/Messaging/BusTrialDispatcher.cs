using Experiments.Contracts.Trials;
using MassTransit;

namespace Experiments.Grains.Messaging;

/// <summary>
/// Trial commands on the MassTransit bus (RabbitMQ or in-memory): a trial that any worker may train is published
/// (every worker's <see cref="StartTrialQueues.Any"/> queue is bound to it, and they compete); one that needs a
/// kind of worker is sent to that kind's queue, which only such workers consume. Cancellations reach every worker.
/// </summary>
public sealed class BusTrialDispatcher(IBus bus) : ITrialDispatcher
{
    public async Task DispatchAsync(StartTrial command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Resources == ResourceRequirement.Any)
        {
            await bus.Publish(command, cancellationToken);
            return;
        }

        var queue = await bus.GetSendEndpoint(new Uri($"queue:{StartTrialQueues.For(command.Resources)}"));
        await queue.Send(command, cancellationToken);
    }

    public Task CancelAsync(CancelTrial command, CancellationToken cancellationToken = default) =>
        bus.Publish(command, cancellationToken);
}
