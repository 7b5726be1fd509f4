namespace Experiments.Search;

/// <summary>
/// A named hyperparameter and the distribution its values are drawn from; with <see cref="When"/>, it exists only in
/// trials where its conditions hold (a momentum only for <c>optimizer: sgd</c>).
/// </summary>
public sealed record ParameterDefinition(string Name, Distribution Distribution)
{
    public string Name { get; init; } = !string.IsNullOrWhiteSpace(Name)
        ? Name
        : throw new ArgumentException("A parameter needs a non-empty name.", nameof(Name));

    public Distribution Distribution { get; init; } = Distribution ?? throw new ArgumentNullException(nameof(Distribution));

    /// <summary>Conditions that must all hold for the parameter to exist; empty: it always exists.</summary>
    public IReadOnlyList<ParameterCondition> When { get; init; } = [];

    public bool IsConditional => When.Count > 0;

    public bool Equals(ParameterDefinition? other) =>
        other is not null && Name == other.Name && Distribution == other.Distribution && When.SequenceEqual(other.When);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Name);
        hash.Add(Distribution);
        foreach (var condition in When)
        {
            hash.Add(condition);
        }

        return hash.ToHashCode();
    }
}
