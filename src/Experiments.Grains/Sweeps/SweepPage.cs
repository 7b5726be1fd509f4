using Experiments.Grains.Trials;

namespace Experiments.Grains.Sweeps;

/// <summary>
/// <see cref="SweepGrain.PageSize"/> consecutive finished trials of a sweep, stored once beside its state (state
/// name <c>sweep-page-N</c>), so that saving the sweep after a trial writes a bounded amount whatever its size.
/// </summary>
[GenerateSerializer]
[Alias("experiments.sweep-page")]
public sealed class SweepPage
{
    [Id(0)] public List<TrialSummary> Trials { get; set; } = [];
}
