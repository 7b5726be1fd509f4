namespace Experiments.Hosting;

/// <summary>What one process runs: the control plane (an Orleans silo and the consumers that feed it), worker slots, or both.</summary>
[Flags]
public enum NodeRoles
{
    /// <summary>Grains for experiments, sweeps and trials, and the consumers that forward worker reports to them.</summary>
    Silo = 1,

    /// <summary><c>Worker:Slots</c> trials trained at once, taken from the start-trial queue.</summary>
    Worker = 2,

    /// <summary>Everything in one process: <c>experiments run</c>.</summary>
    Embedded = Silo | Worker,
}
