namespace Experiments.Training.Tests;

/// <summary>Tests that measure the C heap of the process run while no other test runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHeapCollection
{
    public const string Name = "native heap";
}
