using MassTransit;

namespace Experiments.Grains.Messaging;

/// <summary>
/// Endpoint settings for worker reports: a stable queue name shared by all silos (competing
/// consumers), and retries for grain calls that fail while a silo restarts.
/// </summary>
public sealed class TrialEventsConsumerDefinition : ConsumerDefinition<TrialEventsConsumer>
{
    public TrialEventsConsumerDefinition()
    {
        EndpointName = "trial-events";
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TrialEventsConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
    }
}
