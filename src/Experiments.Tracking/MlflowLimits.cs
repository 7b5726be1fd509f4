namespace Experiments.Tracking;

/// <summary>MLflow's server-side limits; checking them locally gives a clear error naming the key.</summary>
internal static class MlflowLimits
{
    public const int MaxKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 5000;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxBatchRequestBytes = 1_000_000;
}
