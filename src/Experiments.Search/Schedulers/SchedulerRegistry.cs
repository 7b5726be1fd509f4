namespace Experiments.Search;

/// <summary>Every early-stopping rule a spec can name; adding one is its own file plus one line here.</summary>
public static class SchedulerRegistry
{
    /// <summary>The rule used when a spec names none: every trial trains its full budget.</summary>
    public const string DefaultName = "none";

    public static IReadOnlyList<SchedulerDescriptor> All { get; } =
    [
        NoScheduler.Descriptor,
        MedianScheduler.Descriptor,
        AshaScheduler.Descriptor,
        HyperbandScheduler.Descriptor,
        PbtScheduler.Descriptor,
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    public static SchedulerDescriptor? Find(string name) => AlgorithmDescriptors.Find(All, name);

    /// <summary>Builds the named rule; the name and options must already have passed spec validation.</summary>
    public static IScheduler Create(string name, SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return AlgorithmDescriptors.Resolve(All, name, settings.Options, "scheduler").Create(settings);
    }
}
