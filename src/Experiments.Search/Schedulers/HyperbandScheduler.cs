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
    /// <summary>3 by default, as in the Hyperband paper, Ray Tune and Optuna.</summary>
    public static readonly HyperparameterDescriptor ReductionFactor = new(
        "reduction_factor", ParameterKind.Int, ParameterValue.Int(3), "Only the best 1/reduction_factor at a rung go on; rungs are this factor apart.", Min: 2, Max: 100);

    public static readonly HyperparameterDescriptor Brackets = new(
        "brackets", ParameterKind.Int, ParameterValue.Int(0), "Brackets; 0: one per rung the budget has, plus one (Hyperband's s_max + 1).", Min: 0, Max: 20);

    public static SchedulerDescriptor Descriptor { get; } = new(
        "hyperband",
        "Hyperband: brackets of successive halving with longer and longer grace periods, run asynchronously.",
        [AshaScheduler.GracePeriod, ReductionFactor, Brackets],
        settings => new AshaScheduler(settings, (int)settings.Options.Int(Brackets), ReductionFactor));
}
