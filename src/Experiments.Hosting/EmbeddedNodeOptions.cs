using Experiments.Grains.Storage;

namespace Experiments.Hosting;

/// <summary>
/// The one-process cluster of <c>experiments run</c> (and the benchmarks): its state folder, its local worker
/// slots (0: remote workers over RabbitMQ train) and their device.
/// </summary>
public sealed record EmbeddedNodeOptions(string StateDirectory, int Workers, string? Device)
{
    /// <summary>What reading a damaged state file does: fail (resume), or set it aside (<c>--new</c>).</summary>
    public DamagedStateHandling DamagedState { get; init; } = DamagedStateHandling.Fail;
}
