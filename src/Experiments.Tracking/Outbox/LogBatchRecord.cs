namespace Experiments.Tracking.Outbox;

internal sealed record LogBatchRecord : OutboxRecord
{
    public List<Metric> Metrics { get; init; } = [];

    public Dictionary<string, string> Params { get; init; } = [];

    public Dictionary<string, string> Tags { get; init; } = [];
}
