namespace Experiments.Contracts.Workers;

/// <summary>What a worker's slots train on.</summary>
public enum WorkerKind
{
    Cpu = 0,

    /// <summary>One CUDA device per slot.</summary>
    Gpu = 1,
}
