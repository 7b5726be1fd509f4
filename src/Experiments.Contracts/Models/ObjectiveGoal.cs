namespace Experiments.Contracts.Models;

/// <summary>Whether a smaller or a larger value of a metric is better.</summary>
public enum ObjectiveGoal
{
    Minimize,
    Maximize,
}
