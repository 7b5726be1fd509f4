namespace Experiments.Cli.Remote;

/// <summary>The server knows no sweep with this id (the API's own 404).</summary>
public sealed class SweepNotFoundException(Guid sweepId, string server)
    : Exception($"no sweep {sweepId:N} on {server}")
{
    public Guid SweepId { get; } = sweepId;
}
