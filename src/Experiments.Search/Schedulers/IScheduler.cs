namespace Experiments.Search;

/// <summary>
/// Early stopping: after each epoch a trial reports, decides whether it goes on. A pure function of the trial's curve
/// and every other trial's (the sweep grain calls it as reports arrive and persists nothing else for it).
/// </summary>
public interface IScheduler
{
    /// <param name="trial">The trial that just reported; its last value is the newest.</param>
    /// <param name="others">Every other trial of the sweep, finished or not, with what each reported so far.</param>
    SchedulerDecision Decide(TrialCurve trial, IReadOnlyList<TrialCurve> others);
}
