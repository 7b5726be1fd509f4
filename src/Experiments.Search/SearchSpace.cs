using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// The hyperparameters a sweep varies, in declaration order, with unique names. A conditional parameter depends only
/// on parameters declared before it, with discrete values, so whether it exists is decided in one pass.
/// </summary>
public sealed record SearchSpace(IReadOnlyList<ParameterDefinition> Parameters)
{
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = Guard(Parameters);

    /// <summary>True when some parameter exists only under conditions.</summary>
    public bool HasConditions => Parameters.Any(p => p.IsConditional);

    public ParameterDefinition? Find(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The parameters of <paramref name="values"/> that exist given the others (declaration order: a parameter whose
    /// parent does not exist does not exist either). What every sampler returns: values for every parameter, kept
    /// where active.
    /// </summary>
    public IReadOnlyDictionary<string, ParameterValue> Active(IReadOnlyDictionary<string, ParameterValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!HasConditions)
        {
            return values;
        }

        var active = new Dictionary<string, ParameterValue>(values.Count, StringComparer.Ordinal);
        foreach (var parameter in Parameters)
        {
            if (values.TryGetValue(parameter.Name, out var value) && parameter.When.All(condition => condition.HoldsFor(active)))
            {
                active[parameter.Name] = value;
            }
        }

        return active;
    }

    /// <summary>The same parameters, every one unconditional: for drawing values for all of them before <see cref="Active"/>.</summary>
    public SearchSpace WithoutConditions() => HasConditions ? new SearchSpace(Parameters.Select(p => p with { When = [] }).ToList()) : this;

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
        var seen = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            if (seen.ContainsKey(parameter.Name))
            {
                throw new ArgumentException($"Parameter '{parameter.Name}' is defined more than once.", nameof(parameters));
            }

            foreach (var condition in parameter.When)
            {
                if (!seen.TryGetValue(condition.Parent, out var parent))
                {
                    throw new ArgumentException($"Parameter '{parameter.Name}' depends on '{condition.Parent}', which is not declared before it.", nameof(parameters));
                }

                if (!parent.Distribution.IsDiscrete)
                {
                    throw new ArgumentException($"Parameter '{parameter.Name}' depends on '{condition.Parent}', which is continuous; a condition needs a discrete parent.", nameof(parameters));
                }
            }

            seen[parameter.Name] = parameter;
        }

        return parameters.ToArray();
    }
}
