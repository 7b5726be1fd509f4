namespace Experiments.Contracts.Trials;

/// <summary>
/// The work queues of StartTrial, one per <see cref="ResourceRequirement"/>: every worker takes from
/// <see cref="Any"/>, GPU workers also from <see cref="Gpu"/>, CPU workers also from <see cref="Cpu"/>. A trial is
/// sent to the queue of its requirement, so it only ever reaches a worker that satisfies it. Queue names are wire
/// names: keep them stable.
/// </summary>
public static class StartTrialQueues
{
    public const string Any = "start-trial";

    public const string Cpu = "start-trial-cpu";

    public const string Gpu = "start-trial-gpu";

    public static string For(ResourceRequirement requirement) => requirement switch
    {
        ResourceRequirement.Cpu => Cpu,
        ResourceRequirement.Gpu => Gpu,
        _ => Any,
    };
}
