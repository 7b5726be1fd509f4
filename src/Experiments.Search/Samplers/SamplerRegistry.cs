namespace Experiments.Search;

/// <summary>
/// Every search algorithm a spec can name. Adding one is its own file plus one line here; the spec validator, the
/// docs' table and the conformance suite all read this list.
/// </summary>
public static class SamplerRegistry
{
    /// <summary>The algorithm used when a spec names none.</summary>
    public const string DefaultName = "random";

    public static IReadOnlyList<SamplerDescriptor> All { get; } =
    [
        RandomSampler.Descriptor,
        GridSampler.Descriptor,
        TpeSampler.Descriptor,
        CmaEsSampler.Descriptor,
        SobolSampler.Descriptor,
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    public static SamplerDescriptor? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>Builds the named sampler; the name and options must already have passed spec validation.</summary>
    public static ISampler Create(string name, SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var descriptor = Find(name) ?? throw new ArgumentException(
            $"Unknown search algorithm '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        foreach (var option in settings.Options.Explicit.Keys)
        {
            if (descriptor.FindOption(option) is null)
            {
                throw new ArgumentException($"Search algorithm '{name}' has no option '{option}'.", nameof(settings));
            }
        }

        return descriptor.Create(settings);
    }
}
