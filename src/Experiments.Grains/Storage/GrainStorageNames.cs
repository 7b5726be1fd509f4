namespace Experiments.Grains.Storage;

/// <summary>The storage provider name every grain of this project persists to.</summary>
public static class GrainStorageNames
{
    public const string Experiments = "experiments";
}
