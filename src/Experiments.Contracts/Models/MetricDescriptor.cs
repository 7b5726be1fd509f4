namespace Experiments.Contracts.Models;

/// <summary>A metric a model reports per epoch, with the direction in which it improves.</summary>
public sealed record MetricDescriptor(string Name, ObjectiveGoal Improves, string Description);
