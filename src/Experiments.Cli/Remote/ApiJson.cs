using System.Text.Json;
using System.Text.Json.Serialization;

namespace Experiments.Cli.Remote;

/// <summary>The REST API's JSON: web defaults (camelCase) and, as the server writes them, NaN and infinite metrics as named literals.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
