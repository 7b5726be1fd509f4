namespace Experiments.Search;

/// <summary>Lookup and option checks over one list of descriptors (the sampler and scheduler registries).</summary>
internal static class AlgorithmDescriptors
{
    public static T? Find<T>(IReadOnlyList<T> all, string name)
        where T : class, IAlgorithmDescriptor =>
        all.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>The named descriptor, after checking that every option set is one it declares.</summary>
    /// <param name="kind">"search algorithm" or "scheduler", for messages.</param>
    public static T Resolve<T>(IReadOnlyList<T> all, string name, AlgorithmOptions options, string kind)
        where T : class, IAlgorithmDescriptor
    {
        var descriptor = Find(all, name) ?? throw new ArgumentException(
            $"Unknown {kind} '{name}'; known: {string.Join(", ", all.Select(d => d.Name))}.", nameof(name));
        foreach (var option in options.Explicit.Keys)
        {
            if (!descriptor.Options.Any(o => string.Equals(o.Name, option, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"{char.ToUpperInvariant(kind[0])}{kind[1..]} '{name}' has no option '{option}'.", nameof(options));
            }
        }

        return descriptor;
    }
}
