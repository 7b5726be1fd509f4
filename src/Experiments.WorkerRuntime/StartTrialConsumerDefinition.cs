using MassTransit;
using Microsoft.Extensions.Options;

namespace Experiments.WorkerRuntime;

/// <summary>
/// The work queue: competing workers, each taking at most as many trials as it has slots (prefetch
/// equal to slots, so no trial waits in one worker's buffer while another is idle). No message retry:
/// a failed trial is reported and the sweep decides; a worker that dies leaves its unacknowledged
/// trial to be redelivered to another worker.
/// </summary>
public sealed class StartTrialConsumerDefinition : ConsumerDefinition<StartTrialConsumer>
{
    private readonly TrialWorkerOptions options;

    public StartTrialConsumerDefinition(IOptions<TrialWorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        EndpointName = Contracts.Trials.StartTrialQueues.Any;
        ConcurrentMessageLimit = Math.Max(1, this.options.Slots);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<StartTrialConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = Math.Max(1, options.Slots);
    }
}
