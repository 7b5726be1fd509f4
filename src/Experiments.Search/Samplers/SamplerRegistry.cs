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
        GpSampler.Descriptor,
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    public static SamplerDescriptor? Find(string name) => AlgorithmDescriptors.Find(All, name);

    /// <summary>Builds the named sampler; the name and options must already have passed spec validation.</summary>
    public static ISampler Create(string name, SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return AlgorithmDescriptors.Resolve(All, name, settings.Options, "search algorithm").Create(settings);
    }
}
