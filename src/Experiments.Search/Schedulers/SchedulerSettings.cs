using Experiments.Contracts.Models;

namespace Experiments.Search;

/// <summary>What a scheduler is built from: the goal's direction, the epochs every trial is budgeted, and the spec's options.</summary>
public sealed record SchedulerSettings(ObjectiveGoal Goal, int MaxEpochs, AlgorithmOptions Options)
{
    /// <summary>The sweep's search space, for rules that change parameters (PBT); null when unknown.</summary>
    public SearchSpace? Space { get; init; }

    /// <summary>Seeds the rule's random choices (PBT's donor and perturbations), with the trial and epoch, so decisions repeat.</summary>
    public long Seed { get; init; }

    /// <summary>-1 when maximizing, so that "lower is better" holds for value * Sign.</summary>
    public int Sign => Goal == ObjectiveGoal.Maximize ? -1 : 1;
}
