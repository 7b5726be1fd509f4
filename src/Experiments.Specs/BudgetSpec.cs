namespace Experiments.Specs;

/// <summary>
/// How much a sweep may spend: trials in all, trials at once, failures tolerated before the sweep
/// stops (null: no limit) and epochs per trial.
/// </summary>
public sealed record BudgetSpec(int MaxTrials, int Parallel, int? MaxFailed, int Epochs);
