using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// <c>scheduler: hyperband</c> (Li et al. 2018), asynchronously as Ray Tune runs it: brackets of ASHA with grace
/// periods grace_period · reduction_factor^b, trial n in bracket n mod brackets, so some trials are judged early and
/// others only late, which hedges against early epochs that mislead.
/// </summary>
public static class HyperbandScheduler
{
    public static readonly HyperparameterDescriptor Brackets = new(
        "brackets", ParameterKind.Int, ParameterValue.Int(0), "Brackets; 0: one per rung the budget has, plus one (Hyperband's s_max + 1).", Min: 0, Max: 20);

    public static SchedulerDescriptor Descriptor { get; } = new(
        "hyperband",
        "Hyperband: brackets of successive halving with longer and longer grace periods, run asynchronously.",
        [AshaScheduler.GracePeriod, AshaScheduler.ReductionFactor, Brackets],
        settings => new AshaScheduler(settings, (int)settings.Options.Int(Brackets)));
}
