using Microsoft.Extensions.Hosting;

namespace Experiments.Cli.Embedded;

/// <summary>
/// Replaces the console lifetime: the run command handles Ctrl-C itself, because it must stop the
/// sweep (marking trials KILLED) before the host shuts the bus and the silo down.
/// </summary>
public sealed class ManualLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
