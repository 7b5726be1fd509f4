namespace Experiments.Contracts.Trials;

/// <summary>What kind of worker slot a trial needs (the spec's <c>resources:</c>).</summary>
public enum ResourceRequirement
{
    /// <summary>Any worker: the default.</summary>
    Any = 0,

    /// <summary>A CPU worker only (e.g. a test function or a program that uses no GPU, keeping GPU slots free).</summary>
    Cpu = 1,

    /// <summary>A worker slot with one CUDA device.</summary>
    Gpu = 2,
}
