namespace Experiments.Training.Tests.Support;

/// <summary>
/// Tests that seed or draw from libtorch's process-wide random generator directly (outside a training run's lock) run
/// alone: a draw while another test's run is being built would change that run's weights, and its same-seed checks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "libtorch's global random generator";
}
