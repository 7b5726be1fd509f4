using Experiments.Contracts.Parameters;

namespace Experiments.Contracts.Models;

/// <summary>
/// One of a family's default curriculum stages: its name, its share of a trial's epochs (a family's shares add up to
/// 1, so the defaults fit any budget; <see cref="Trials.CurriculumPlan.FromDefaults"/> turns them into whole epochs),
/// and the settings it changes.
/// </summary>
public sealed record CurriculumStageDefault(string Name, double Share, IReadOnlyDictionary<string, ParameterValue> Settings);
