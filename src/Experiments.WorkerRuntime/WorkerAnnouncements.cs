using Experiments.Contracts.Workers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Experiments.WorkerRuntime;

/// <summary>
/// Tells the control plane what this worker has (<see cref="WorkerAvailable"/>) when it starts and every
/// <c>Worker:AnnounceInterval</c>, so a sweep that needs what no worker has can say so instead of waiting silently.
/// </summary>
public sealed class WorkerAnnouncements(
    IBus bus,
    IServiceProvider services,
    IOptions<TrialWorkerOptions> options,
    TimeProvider clock,
    ILogger<WorkerAnnouncements> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var worker = options.Value;
        if (worker.TakesEveryKind)
        {
            return;
        }

        // The one resolved for the worker's queues (probing libtorch and nvidia-smi once); only now, as the embedded
        // machine above must not load libtorch for a model that needs none.
        var device = services.GetRequiredService<WorkerDevice>();
        logger.LogInformation("Worker {Host}: {Slots} slot(s) on {Kind} ({Device})", worker.WorkerHost, worker.Slots, device.Kind, device.DeviceName);
        using var timer = new PeriodicTimer(worker.AnnounceInterval, clock);
        do
        {
            try
            {
                await bus.Publish(
                    new WorkerAvailable(worker.WorkerHost, device.Kind, worker.Slots, device.DeviceCount, device.DeviceName, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, clock.GetUtcNow()),
                    stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A broker hiccup: the next announcement tries again.
                logger.LogDebug(exception, "Announcement of worker {Host} not sent", worker.WorkerHost);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
