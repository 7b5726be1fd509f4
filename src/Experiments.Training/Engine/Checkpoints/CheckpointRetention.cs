using Experiments.Contracts.Models;

namespace Experiments.Training.Engine.Checkpoints;

/// <summary>
/// Which of a run's checkpoints to keep: the last <c>keepLast</c> and the one of the best epoch by the objective
/// (Ray Tune's <c>num_to_keep</c> with <c>checkpoint_score_attribute</c>). Pure bookkeeping; the loop deletes what it returns.
/// </summary>
internal sealed class CheckpointRetention(int keepLast, ObjectiveGoal? goal)
{
    private readonly List<int> written = [];

    public double? BestObjective { get; private set; }

    public int? BestEpoch { get; private set; }

    /// <summary>Continues the bookkeeping of the run a resumed run continues (its best so far).</summary>
    public void Restore(double? bestObjective, int? bestEpoch)
    {
        BestObjective = bestObjective;
        BestEpoch = bestEpoch;
    }

    /// <summary>Notes an epoch's objective value (NaN or missing values never become the best).</summary>
    public void Observe(int epoch, double? objective)
    {
        if (goal is not { } direction || objective is not { } value || double.IsNaN(value))
        {
            return;
        }

        if (BestObjective is not { } best || (direction == ObjectiveGoal.Maximize ? value > best : value < best))
        {
            BestObjective = value;
            BestEpoch = epoch;
        }
    }

    /// <summary>Records the checkpoint of <paramref name="epoch"/> and returns the paths of those no longer kept.</summary>
    public IReadOnlyList<string> Written(int epoch)
    {
        written.Add(epoch);
        var keep = written.TakeLast(keepLast).ToHashSet();
        if (BestEpoch is { } best)
        {
            keep.Add(best);
        }

        var dropped = written.Where(e => !keep.Contains(e)).ToList();
        written.RemoveAll(dropped.Contains);
        return dropped.Select(CheckpointPaths.ForEpoch).ToList();
    }
}
