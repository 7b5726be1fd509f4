using Experiments.Contracts.Models;

namespace Experiments.Search;

/// <summary>What a scheduler is built from: the goal's direction, the epochs every trial is budgeted, and the spec's options.</summary>
public sealed record SchedulerSettings(ObjectiveGoal Goal, int MaxEpochs, AlgorithmOptions Options)
{
    /// <summary>-1 when maximizing, so that "lower is better" holds for value * Sign.</summary>
    public int Sign => Goal == ObjectiveGoal.Maximize ? -1 : 1;
}
