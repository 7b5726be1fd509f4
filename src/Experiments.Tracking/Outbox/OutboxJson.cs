using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Tracking.Outbox;

/// <summary>How outbox records are stored: JSON, NaN and infinities allowed (training can log them).</summary>
internal static class OutboxJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
