using Experiments.Messaging;
using Experiments.Tracking;
using Microsoft.Extensions.Hosting;

namespace Experiments.WorkerRuntime;

/// <summary>
/// A worker node's composition (the Worker host, and <c>Experiments.Hosting</c> for a worker-only node): tracking,
/// <c>Worker:Slots</c> training slots and the bus with the training consumers. No Orleans here: workers speak only
/// RabbitMQ and MLflow.
/// </summary>
public static class TrialWorkerNode
{
    public static IHostApplicationBuilder AddTrialWorkerNode(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddExperimentTracking(builder.Configuration);
        builder.Services.AddTrialWorker(builder.Configuration);
        builder.Services.AddExperimentsMessageBus(builder.Configuration, bus => bus.AddTrialWorkerConsumers(), TrialWorkerRegistration.ConfigureResourceQueues);
        return builder;
    }
}
