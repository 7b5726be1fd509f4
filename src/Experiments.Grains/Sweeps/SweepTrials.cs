using Experiments.Contracts.Models;
using Experiments.Grains.Trials;
using Experiments.Search;

namespace Experiments.Grains.Sweeps;

/// <summary>
/// A sweep's trials in memory, indexed by number, with what the sweep asks after every report kept up to date
/// instead of recounted: active trials, failures, lost attempts, the best trial and the sampler's history. Each
/// change costs the same at trial 100,000 as at trial 10.
/// </summary>
public sealed class SweepTrials(ObjectiveGoal goal)
{
    private readonly List<TrialSummary> trials = [];
    private readonly List<TrialObservation> history = [];
    private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);
    private readonly SortedSet<int> active = [];
    private readonly int[] byStatus = new int[Enum.GetValues<TrialStatus>().Max(s => (int)s) + 1];

    public int Count => trials.Count;

    public int ActiveCount => active.Count;

    public int FailedCount { get; private set; }

    public int CompletedCount { get; private set; }

    /// <summary>Attempts given up across all trials because their worker went silent.</summary>
    public int LostAttempts { get; private set; }

    /// <summary>The trials by status.</summary>
    public SweepTrialCounts Counts => new(
        trials.Count,
        byStatus[(int)TrialStatus.Pending],
        byStatus[(int)TrialStatus.Running],
        byStatus[(int)TrialStatus.Completed],
        byStatus[(int)TrialStatus.Failed],
        byStatus[(int)TrialStatus.Killed],
        byStatus[(int)TrialStatus.Pruned]);

    /// <summary>When the latest trial to finish finished; null while none has.</summary>
    public DateTimeOffset? LastFinishedAt { get; private set; }

    /// <summary>The best completed trial by the goal (the lower number on a tie).</summary>
    public TrialSummary? Best { get; private set; }

    public TrialSummary this[int number] => trials[number];

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<TrialSummary> All => trials;

    /// <summary>The sampler's view of every trial, by number.</summary>
    public IReadOnlyList<TrialObservation> History => history;

    /// <summary>PENDING and RUNNING trials, by number (a copy: callers change trials while they go through it).</summary>
    public IReadOnlyList<TrialSummary> Active() => active.Select(n => trials[n]).ToList();

    public TrialSummary? Find(string trialId) => numbers.TryGetValue(trialId, out var number) ? trials[number] : null;

    /// <summary>Adds the next trial (its number is <see cref="Count"/>) or replaces the one with its number.</summary>
    public void Put(TrialSummary trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Number == trials.Count)
        {
            trials.Add(trial);
            history.Add(Observe(trial));
            numbers[trial.TrialId] = trial.Number;
        }
        else if (trial.Number >= 0 && trial.Number < trials.Count)
        {
            Tally(trials[trial.Number], -1);
            trials[trial.Number] = trial;
            history[trial.Number] = Observe(trial);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(trial), $"trial number {trial.Number} of a sweep with {trials.Count} trials");
        }

        Tally(trial, +1);
    }

    private void Tally(TrialSummary trial, int sign)
    {
        byStatus[(int)trial.Status] += sign;
        if (sign > 0 && trial.FinishedAt is { } finished && (LastFinishedAt is null || finished > LastFinishedAt))
        {
            LastFinishedAt = finished;
        }

        if (trial.IsActive)
        {
            if (sign > 0)
            {
                active.Add(trial.Number);
            }
            else
            {
                active.Remove(trial.Number);
            }
        }

        FailedCount += trial.Status == TrialStatus.Failed ? sign : 0;
        LostAttempts += sign * trial.LostAttempts;
        if (trial.Status == TrialStatus.Completed && trial.Objective is not null)
        {
            CompletedCount += sign;
            if (sign > 0 && IsBetter(trial, Best))
            {
                Best = trial;
            }
            else if (sign < 0 && Best?.Number == trial.Number)
            {
                // The best trial changed (rare: a record replaced after a resume): find the best again.
                Best = null;
                foreach (var other in trials.Where(t => t.Number != trial.Number && t.Status == TrialStatus.Completed && t.Objective is not null))
                {
                    Best = IsBetter(other, Best) ? other : Best;
                }
            }
        }
    }

    private bool IsBetter(TrialSummary candidate, TrialSummary? best) =>
        best is null
        || (goal == ObjectiveGoal.Maximize ? candidate.Objective > best.Objective : candidate.Objective < best.Objective)
        || (candidate.Objective == best.Objective && candidate.Number < best.Number);

    private static TrialObservation Observe(TrialSummary trial) => new(trial.Number, trial.Parameters, Outcome(trial.Status), trial.Objective);

    public static TrialOutcome Outcome(TrialStatus status) => status switch
    {
        TrialStatus.Completed => TrialOutcome.Completed,
        TrialStatus.Failed => TrialOutcome.Failed,
        TrialStatus.Killed => TrialOutcome.Killed,
        TrialStatus.Pruned => TrialOutcome.Pruned,
        _ => TrialOutcome.Running,
    };
}
