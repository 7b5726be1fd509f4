using Experiments.Contracts.Workers;
using Experiments.Grains.Workers;
using MassTransit;

namespace Experiments.Grains.Messaging;

/// <summary>Records what workers announce in the cluster's worker registry.</summary>
public sealed class WorkerAnnouncementsConsumer(IGrainFactory grains) : IConsumer<WorkerAvailable>
{
    public Task Consume(ConsumeContext<WorkerAvailable> context) =>
        grains.GetGrain<IWorkerRegistryGrain>(IWorkerRegistryGrain.Key).OnAnnouncedAsync(context.Message);
}
