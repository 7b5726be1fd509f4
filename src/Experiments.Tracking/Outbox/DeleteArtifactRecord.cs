namespace Experiments.Tracking.Outbox;

internal sealed record DeleteArtifactRecord : OutboxRecord
{
    public required string Path { get; init; }
}
