using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// When a conditional parameter exists: its <see cref="Parent"/> (declared before it) exists and takes one of
/// <see cref="Values"/> (<c>when: {optimizer: [sgd, rmsprop]}</c>). A parameter with several conditions needs all.
/// </summary>
public sealed record ParameterCondition(string Parent, IReadOnlyList<ParameterValue> Values)
{
    public string Parent { get; init; } = !string.IsNullOrWhiteSpace(Parent)
        ? Parent
        : throw new ArgumentException("A condition needs the name of the parameter it depends on.", nameof(Parent));

    public IReadOnlyList<ParameterValue> Values { get; init; } = Values is { Count: > 0 }
        ? Values.ToArray()
        : throw new ArgumentException("A condition needs at least one value of its parent.", nameof(Values));

    /// <summary>Whether the condition holds for <paramref name="values"/> (false when the parent is absent).</summary>
    public bool HoldsFor(IReadOnlyDictionary<string, ParameterValue> values) =>
        values.TryGetValue(Parent, out var value) && Values.Any(v => Same(v, value));

    public bool Equals(ParameterCondition? other) =>
        other is not null && Parent == other.Parent && Values.SequenceEqual(other.Values);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Parent);
        foreach (var value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"{Parent} in [{string.Join(", ", Values)}]";

    /// <summary>Numbers match whatever their kind (an int parent and a float literal 2.0); text and flags by value.</summary>
    private static bool Same(ParameterValue expected, ParameterValue actual) =>
        expected.Kind is ParameterKind.Int or ParameterKind.Float && actual.Kind is ParameterKind.Int or ParameterKind.Float
            ? expected.Number == actual.Number
            : expected == actual;
}
