using Experiments.Cli.Display;
using Experiments.Contracts.Models;

namespace Experiments.Cli.Tests;

/// <summary>The live table of a large sweep shows what a terminal can: its running trials, its best and its latest.</summary>
public sealed class LiveTableRowsTests
{
    [Fact]
    public void A_sweep_that_fits_shows_every_trial()
    {
        var sweep = Sweep(trials: LiveTableProgress.MaxRows, active: [38, 39], best: 3);

        Assert.Equal(sweep.Trials, LiveTableProgress.RowsToShow(sweep));
    }

    [Fact]
    public void A_large_sweep_shows_its_running_trials_its_best_and_its_latest_by_number()
    {
        var sweep = Sweep(trials: 1000, active: [7, 998, 999], best: 3);

        var rows = LiveTableProgress.RowsToShow(sweep);

        Assert.Equal(LiveTableProgress.MaxRows, rows.Count);
        Assert.Equal(rows.Select(r => r.Number).Order(), rows.Select(r => r.Number));
        Assert.Contains(rows, r => r.Number == 7);
        Assert.Contains(rows, r => r.Number == 3);
        Assert.Equal(Enumerable.Range(1000 - (LiveTableProgress.MaxRows - 2), LiveTableProgress.MaxRows - 2), rows.Where(r => r.Number > 7).Select(r => r.Number));
    }

    private static SweepView Sweep(int trials, int[] active, int best) => new()
    {
        SweepId = Guid.NewGuid(),
        Name = "large",
        Status = StatusNames.Running,
        ObjectiveMetric = "value",
        Goal = ObjectiveGoal.Minimize,
        MaxTrials = trials,
        Epochs = 1,
        ParameterNames = ["x"],
        Trials = Enumerable.Range(0, trials).Select(n => new TrialView
        {
            TrialId = $"t{n}",
            Number = n,
            Status = active.Contains(n) ? StatusNames.Running : StatusNames.Completed,
            Epoch = 1,
            Objective = n == best ? 0 : n + 1,
            Parameters = [new("x", n.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        }).ToList(),
        BestTrialId = $"t{best}",
    };
}
