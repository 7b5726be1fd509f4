using Experiments.Contracts.Trials;
using MassTransit;

namespace Experiments.Grains.Messaging;

/// <summary>Publishes trial commands on the MassTransit bus (RabbitMQ or in-memory).</summary>
public sealed class BusTrialDispatcher(IBus bus) : ITrialDispatcher
{
    public Task DispatchAsync(StartTrial command, CancellationToken cancellationToken = default) =>
        bus.Publish(command, cancellationToken);

    public Task CancelAsync(CancelTrial command, CancellationToken cancellationToken = default) =>
        bus.Publish(command, cancellationToken);
}
