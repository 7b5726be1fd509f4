using System.Text.Json;
using Experiments.Contracts.Parameters;
using Experiments.Grains.Sweeps;

namespace Experiments.Api.Views;

/// <summary>Hyperparameter values as plain JSON values (numbers, booleans, text), in the spec's order.</summary>
internal static class ParameterJson
{
    public static IReadOnlyDictionary<string, JsonElement> Of(IReadOnlyDictionary<string, ParameterValue> parameters, SweepDefinition definition)
    {
        var declared = definition.Parameters.Select(p => p.Name).Where(parameters.ContainsKey);
        // Names from an older definition, if any, follow by name.
        var others = parameters.Keys.Except(definition.Parameters.Select(p => p.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in declared.Concat(others))
        {
            values[name] = Of(parameters[name]);
        }

        return values;
    }

    private static JsonElement Of(ParameterValue value) => value.Kind switch
    {
        ParameterKind.Int => JsonSerializer.SerializeToElement((long)value.Number),
        ParameterKind.Bool => JsonSerializer.SerializeToElement(value.Number != 0),
        ParameterKind.Float when double.IsFinite(value.Number) => JsonSerializer.SerializeToElement(value.Number),
        _ => JsonSerializer.SerializeToElement(value.ToString()),
    };
}
