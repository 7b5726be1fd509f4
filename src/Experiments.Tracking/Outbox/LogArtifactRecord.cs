namespace Experiments.Tracking.Outbox;

internal sealed record LogArtifactRecord : OutboxRecord
{
    public required string Path { get; init; }

    public required byte[] Content { get; init; }
}
