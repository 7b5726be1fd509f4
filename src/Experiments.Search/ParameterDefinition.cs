namespace Experiments.Search;

/// <summary>A named hyperparameter and the distribution its values are drawn from.</summary>
public sealed record ParameterDefinition(string Name, Distribution Distribution)
{
    public string Name { get; init; } = !string.IsNullOrWhiteSpace(Name)
        ? Name
        : throw new ArgumentException("A parameter needs a non-empty name.", nameof(Name));

    public Distribution Distribution { get; init; } = Distribution ?? throw new ArgumentNullException(nameof(Distribution));
}
