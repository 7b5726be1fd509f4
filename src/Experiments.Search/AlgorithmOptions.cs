using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// The options a spec set for its search algorithm or scheduler, by name (already checked against the algorithm's
/// declarations). Readers ask for an option by its declaration, so an option the spec left out reads as its declared
/// default.
/// </summary>
public sealed class AlgorithmOptions : IEquatable<AlgorithmOptions>
{
    private readonly SortedDictionary<string, ParameterValue> values;

    public AlgorithmOptions(IEnumerable<KeyValuePair<string, ParameterValue>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        this.values = new SortedDictionary<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            this.values.Add(name, value ?? throw new ArgumentNullException(nameof(values), $"Option '{name}' has no value."));
        }
    }

    public static AlgorithmOptions None { get; } = new([]);

    /// <summary>The options set explicitly, ordered by name.</summary>
    public IReadOnlyDictionary<string, ParameterValue> Explicit => values;

    public ParameterValue Get(HyperparameterDescriptor option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return values.TryGetValue(option.Name, out var value) ? value : option.Default;
    }

    public long Int(HyperparameterDescriptor option) => Get(option).AsInt64();

    public double Float(HyperparameterDescriptor option) => Get(option).AsDouble();

    public bool Bool(HyperparameterDescriptor option) => Get(option).AsBool();

    public string Text(HyperparameterDescriptor option) => Get(option).AsText();

    public bool Equals(AlgorithmOptions? other) => other is not null && values.SequenceEqual(other.values);

    public override bool Equals(object? obj) => Equals(obj as AlgorithmOptions);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (name, value) in values)
        {
            hash.Add(name);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => values.Count == 0
        ? "(defaults)"
        : string.Join(", ", values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
}
