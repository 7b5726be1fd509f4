using Experiments.Contracts.Models;

namespace Experiments.Specs;

/// <summary>The metric a sweep optimises and in which direction.</summary>
public sealed record ObjectiveSpec(string Metric, ObjectiveGoal Goal);
