using System.Text.Json;

namespace Experiments.Tracking.Rest;

/// <summary>
/// Splits one logical batch into log-batch requests within MLflow's limits: at most 1000 metrics, 100 params,
/// 100 tags and 1000 entities per request, and a JSON body under 1 MB. Order is kept; params go first so a
/// rejected param fails the call before any metric is sent.
/// </summary>
internal static class LogBatchChunker
{
    // Room for {"run_id":"...","metrics":[],"params":[],"tags":[]} and rounding.
    private const int EnvelopeReserveBytes = 1024;

    public static IReadOnlyList<LogBatchRequest> Split(
        string runId,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? tags)
    {
        var requests = new List<LogBatchRequest>();
        var budget = MlflowLimits.MaxBatchRequestBytes - EnvelopeReserveBytes - runId.Length;
        var chunk = new Chunk();

        void Flush()
        {
            if (!chunk.IsEmpty)
            {
                requests.Add(new LogBatchRequest(runId, chunk.Metrics, chunk.Params, chunk.Tags));
                chunk = new Chunk();
            }
        }

        foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
        {
            var dto = new KeyValueDto(key, value);
            var size = JsonSerializer.SerializeToUtf8Bytes(dto, MlflowJson.Options).Length + 1;
            if (chunk.Entities + 1 > MlflowLimits.MaxEntitiesPerBatch || chunk.Params.Count + 1 > MlflowLimits.MaxParamsPerBatch || chunk.Bytes + size > budget)
            {
                Flush();
            }

            chunk.Add(size);
            chunk.Params.Add(dto);
        }

        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            var dto = new KeyValueDto(key, value);
            var size = JsonSerializer.SerializeToUtf8Bytes(dto, MlflowJson.Options).Length + 1;
            if (chunk.Entities + 1 > MlflowLimits.MaxEntitiesPerBatch || chunk.Tags.Count + 1 > MlflowLimits.MaxTagsPerBatch || chunk.Bytes + size > budget)
            {
                Flush();
            }

            chunk.Add(size);
            chunk.Tags.Add(dto);
        }

        foreach (var metric in metrics)
        {
            var dto = new MetricDto(metric.Key, metric.Value, metric.TimestampMs, metric.Step);
            var size = JsonSerializer.SerializeToUtf8Bytes(dto, MlflowJson.Options).Length + 1;
            if (chunk.Entities + 1 > MlflowLimits.MaxEntitiesPerBatch || chunk.Metrics.Count + 1 > MlflowLimits.MaxMetricsPerBatch || chunk.Bytes + size > budget)
            {
                Flush();
            }

            chunk.Add(size);
            chunk.Metrics.Add(dto);
        }

        Flush();
        return requests;
    }

    private sealed class Chunk
    {
        public List<MetricDto> Metrics { get; } = [];

        public List<KeyValueDto> Params { get; } = [];

        public List<KeyValueDto> Tags { get; } = [];

        public int Bytes { get; private set; }

        public int Entities => Metrics.Count + Params.Count + Tags.Count;

        public bool IsEmpty => Entities == 0;

        public void Add(int bytes) => Bytes += bytes;
    }
}
