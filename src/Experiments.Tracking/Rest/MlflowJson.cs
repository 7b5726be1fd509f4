using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Tracking.Rest;

/// <summary>JSON settings of MLflow's REST API: snake_case fields, NaN/Infinity as protobuf-JSON strings, int64 as numbers or strings.</summary>
internal static class MlflowJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
    };
}
