using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Engine;
using Experiments.Training.Models;

namespace Experiments.Training;

/// <summary>Checks a request's hyperparameters against the catalog and fills in the defaults.</summary>
internal static class HyperparameterResolver
{
    public static IModelFamily FindFamily(string model) =>
        ModelFamilies.Find(model) ?? throw new TrainingParameterException(
            $"Unknown model '{model}'; available models: {string.Join(", ", ModelFamilies.Catalog.All.Select(m => m.Name))}.")
        {
            ParameterName = "model",
        };

    public static IReadOnlyDictionary<string, ParameterValue> Resolve(
        ModelDescriptor model, IReadOnlyDictionary<string, ParameterValue> requested)
    {
        if (model.RunsUserProgram)
        {
            // The program takes whatever the spec names; it checks its own arguments.
            return requested.ToDictionary(StringComparer.Ordinal);
        }

        foreach (var (name, value) in requested)
        {
            var descriptor = model.FindHyperparameter(name) ?? throw new TrainingParameterException(
                $"Model '{model.Name}' has no hyperparameter '{name}'; known hyperparameters: {string.Join(", ", model.Hyperparameters.Select(h => h.Name))}.")
            {
                ParameterName = name,
            };

            if (value is null)
            {
                throw new TrainingParameterException($"Hyperparameter '{name}' has no value; allowed: {DescribeAllowed(descriptor)}.")
                {
                    ParameterName = name,
                };
            }

            if (descriptor.Check(value) is { } allowed)
            {
                throw new TrainingParameterException($"Hyperparameter '{name}' = {value} is not allowed; expected {allowed}.")
                {
                    ParameterName = name,
                };
            }
        }

        return model.Hyperparameters.ToDictionary(
            h => h.Name,
            h => requested.TryGetValue(h.Name, out var value) ? value : h.Default,
            StringComparer.Ordinal);
    }

    private static string DescribeAllowed(HyperparameterDescriptor descriptor) => descriptor.Min is { } min && descriptor.Max is { } max
        ? string.Create(CultureInfo.InvariantCulture, $"a {descriptor.Kind} in [{min}, {max}]")
        : $"a {descriptor.Kind}";
}
