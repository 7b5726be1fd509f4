namespace Experiments.Grains.Sweeps;

/// <summary>
/// How definitions persisted before samplers were named by text recorded their algorithm (field 9). Read only, so
/// such sweeps still resume with the algorithm they started with; new definitions record <see cref="SweepDefinition.Sampler"/>.
/// </summary>
[GenerateSerializer]
public enum LegacySearchAlgorithm
{
    Random,
    Grid,
}
