using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>Properties every early-stopping rule has, and known answers for median stopping, ASHA and Hyperband.</summary>
public sealed class SchedulerTests
{
    private const int Budget = 27;

    public static TheoryData<string> Names { get; } = new(SchedulerRegistry.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Decisions_depend_only_on_the_curves_never_stop_at_the_last_epoch_and_mirror_with_the_goal(string name)
    {
        var minimize = Create(name, ObjectiveGoal.Minimize);
        var maximize = Create(name, ObjectiveGoal.Maximize);
        var curves = Curves(40);
        foreach (var trial in curves)
        {
            for (var epoch = 1; epoch <= trial.Values.Count; epoch++)
            {
                var sofar = trial with { Values = trial.Values.Take(epoch).ToArray(), Outcome = TrialOutcome.Running };
                var others = curves.Where(c => c.Number != trial.Number).ToList();
                var decision = minimize.Decide(sofar, others);

                Assert.Equal(decision, Create(name, ObjectiveGoal.Minimize).Decide(sofar, others.AsEnumerable().Reverse().ToList()));
                Assert.Equal(decision.Stop, maximize.Decide(Negated(sofar), others.Select(Negated).ToList()).Stop);
                Assert.True(!decision.Stop || epoch < Budget, $"{name} stopped trial {trial.Number} at its last epoch");
                Assert.True(!decision.Stop || !string.IsNullOrWhiteSpace(decision.Reason));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_lone_trial_is_never_stopped(string name)
    {
        var scheduler = Create(name, ObjectiveGoal.Minimize);
        var values = Enumerable.Range(1, Budget).Select(e => 100.0 / e).ToArray();

        for (var epoch = 1; epoch <= Budget; epoch++)
        {
            Assert.False(scheduler.Decide(new TrialCurve(0, values[..epoch], TrialOutcome.Running), []).Stop);
        }
    }

    [Fact]
    public void Asha_keeps_the_best_third_at_each_rung_in_the_order_trials_arrive()
    {
        // Rungs at 1, 3 and 9 epochs of 27. Values at epoch 1 arrive in trial order: 5, 3, 8, 1, 9, 2.
        var asha = Create("asha", ObjectiveGoal.Minimize, ReductionFactor(3));
        double[] first = [5, 3, 8, 1, 9, 2];
        var reported = new List<TrialCurve>();
        var stopped = new List<int>();
        for (var number = 0; number < first.Length; number++)
        {
            var trial = new TrialCurve(number, [first[number]], TrialOutcome.Running);
            if (asha.Decide(trial, reported).Stop)
            {
                stopped.Add(number);
            }

            reported.Add(trial);
        }

        // 0: alone (kept); 1: 3 best of {5, 3}, kept; 2: 8 not in best 1 of 3; 3: 1 is best; 4: 9 not in best 2 of 5;
        // 5: 2 is second of 6, inside the best 2.
        Assert.Equal([2, 4], stopped);
        Assert.Equal([1, 3, 9], ((AshaScheduler)asha).Rungs(0));
    }

    [Fact]
    public void Asha_judges_only_at_rungs()
    {
        var asha = Create("asha", ObjectiveGoal.Minimize, ReductionFactor(3));
        var leader = new TrialCurve(0, [1, 1, 1, 1], TrialOutcome.Running);

        // Far worse than the leader, but epochs 2 and 4 are not rungs.
        Assert.False(asha.Decide(new TrialCurve(1, [100, 100], TrialOutcome.Running), [leader]).Stop);
        Assert.False(asha.Decide(new TrialCurve(1, [100, 100, 100, 100], TrialOutcome.Running), [leader]).Stop);
        Assert.True(asha.Decide(new TrialCurve(1, [100, 100, 100], TrialOutcome.Running), [leader]).Stop);
    }

    [Fact]
    public void Asha_halves_by_four_and_hyperband_by_three_unless_told_otherwise_as_ray_tune_and_optuna_do()
    {
        Assert.Equal([1, 4, 16], ((AshaScheduler)Create("asha", ObjectiveGoal.Minimize)).Rungs(0));
        Assert.Equal([1, 3, 9], ((AshaScheduler)Create("hyperband", ObjectiveGoal.Minimize)).Rungs(0));
        Assert.Equal([1, 2, 4, 8, 16], ((AshaScheduler)Create("hyperband", ObjectiveGoal.Minimize, ReductionFactor(2))).Rungs(0));
    }

    [Fact]
    public void Hyperband_spreads_trials_over_brackets_with_longer_grace_periods()
    {
        var hyperband = (AshaScheduler)Create("hyperband", ObjectiveGoal.Minimize);

        // Budget 27 with grace 1 and factor 3: rungs 1, 3, 9, so four brackets.
        Assert.Equal([1, 3, 9], hyperband.Rungs(0));
        Assert.Equal([3, 9], hyperband.Rungs(1));
        Assert.Equal([9], hyperband.Rungs(2));
        Assert.Empty(hyperband.Rungs(3));
        Assert.Equal([1, 3, 9], hyperband.Rungs(4));
    }

    [Fact]
    public void Median_stops_a_trial_whose_best_is_worse_than_the_median_of_completed_trials_at_that_epoch()
    {
        var median = SchedulerRegistry.Create("median", new SchedulerSettings(ObjectiveGoal.Minimize, 10, new AlgorithmOptions([KeyValuePair.Create("startup_trials", ParameterValue.Int(3))])));
        TrialCurve Completed(int number, double atEpoch2) => new(number, [10, atEpoch2, 1], TrialOutcome.Completed);
        List<TrialCurve> three = [Completed(0, 4), Completed(1, 6), Completed(2, 8)];

        Assert.True(median.Decide(new TrialCurve(9, [9, 7], TrialOutcome.Running), three).Stop);   // best 7 > median 6
        Assert.False(median.Decide(new TrialCurve(9, [5, 7], TrialOutcome.Running), three).Stop);  // best so far 5 < 6
        Assert.False(median.Decide(new TrialCurve(9, [9], TrialOutcome.Running), three).Stop);     // warm-up epoch
        Assert.False(median.Decide(new TrialCurve(9, [9, 7], TrialOutcome.Running), three[..2]).Stop); // 2 < startup_trials
        Assert.False(median.Decide(new TrialCurve(9, [9, 7], TrialOutcome.Running), three.Select(t => t with { Outcome = TrialOutcome.Running }).ToList()).Stop);
    }

    [Fact]
    public void Unknown_names_and_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SchedulerRegistry.Create("pbt2", new SchedulerSettings(ObjectiveGoal.Minimize, 5, AlgorithmOptions.None)));
        Assert.Throws<ArgumentException>(() => SchedulerRegistry.Create(
            "median", new SchedulerSettings(ObjectiveGoal.Minimize, 5, new AlgorithmOptions([KeyValuePair.Create("grace_period", ParameterValue.Int(2))]))));
        Assert.All(SchedulerRegistry.All.SelectMany(s => s.Options), option => Assert.Null(option.Check(option.Default)));
    }

    private static IScheduler Create(string name, ObjectiveGoal goal, AlgorithmOptions? options = null) =>
        SchedulerRegistry.Create(name, new SchedulerSettings(goal, Budget, options ?? AlgorithmOptions.None));

    private static AlgorithmOptions ReductionFactor(int factor) => new([KeyValuePair.Create("reduction_factor", ParameterValue.Int(factor))]);

    /// <summary>Seeded curves that fall towards different levels; a few are still running.</summary>
    private static List<TrialCurve> Curves(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(number =>
        {
            var level = random.NextDouble() * 10;
            var length = number % 5 == 4 ? 1 + random.Next(Budget) : Budget;
            var values = Enumerable.Range(1, length).Select(e => level + (20.0 / e) + (random.NextDouble() * 0.5)).ToArray();
            return new TrialCurve(number, values, length == Budget ? TrialOutcome.Completed : TrialOutcome.Running);
        }).ToList();
    }

    private static TrialCurve Negated(TrialCurve curve) => curve with { Values = curve.Values.Select(v => -v).ToArray() };
}
