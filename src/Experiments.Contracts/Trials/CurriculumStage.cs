using Experiments.Contracts.Parameters;

namespace Experiments.Contracts.Trials;

/// <summary>One stage of a trial's curriculum: from <paramref name="FirstEpoch"/> (1-based) until the next stage starts, with the settings it changes.</summary>
public sealed record CurriculumStage(string Name, int FirstEpoch, IReadOnlyDictionary<string, ParameterValue> Settings);
