namespace Experiments.Search;

/// <summary>The hyperparameters a sweep varies, in declaration order, with unique names.</summary>
public sealed record SearchSpace(IReadOnlyList<ParameterDefinition> Parameters)
{
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = Guard(Parameters);

    public ParameterDefinition? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    // Records compare lists by reference; two spaces with the same definitions are the same space.
    public bool Equals(SearchSpace? other) => other is not null && Parameters.SequenceEqual(other.Parameters);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var parameter in Parameters)
        {
            hash.Add(parameter);
        }

        return hash.ToHashCode();
    }

    private static IReadOnlyList<ParameterDefinition> Guard(IReadOnlyList<ParameterDefinition> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            if (!seen.Add(parameter.Name))
            {
                throw new ArgumentException($"Parameter '{parameter.Name}' is defined more than once.", nameof(parameters));
            }
        }

        return parameters.ToArray();
    }
}
