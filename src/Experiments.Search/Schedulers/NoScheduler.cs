namespace Experiments.Search;

/// <summary><c>scheduler: none</c>: every trial trains its full budget.</summary>
public sealed class NoScheduler : IScheduler
{
    public static SchedulerDescriptor Descriptor { get; } = new("none", "No early stopping: every trial trains all its epochs.", [], _ => new NoScheduler());

    public SchedulerDecision Decide(TrialCurve trial, IReadOnlyList<TrialCurve> others) => SchedulerDecision.Continue;
}
