using Experiments.Grains.Storage;

namespace Experiments.Cli.Embedded;

/// <summary>How the one-process cluster of <c>experiments run</c> is set up.</summary>
public sealed record EmbeddedClusterOptions(string StateDirectory, int Workers, string? Device, bool Verbose)
{
    /// <summary>What reading a damaged state file does: fail (resume), or set it aside (<c>--new</c>).</summary>
    public DamagedStateHandling DamagedState { get; init; } = DamagedStateHandling.Fail;
}
