using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// Opens the outbox when the host starts (so a folder that cannot be used stops the start with a clear reason) and,
/// when it stops, delivers for <see cref="TrackingOutboxOptions.DrainOnStop"/> before leaving the rest on disk.
/// Registered before the grains and the bus, so it stops after them and takes their last items.
/// </summary>
public sealed class TrackingOutboxService(TrackingOutbox outbox, IOptions<TrackingOutboxOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        outbox.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => outbox.StopAsync(options.Value.DrainOnStop, cancellationToken);
}
