using System.Globalization;
using System.Text;
using Experiments.Contracts.Models;
using Experiments.Search;

namespace Experiments.Bench;

/// <summary>
/// scheduler-compute: how many epochs, summed over trials, each early-stopping rule spends before a trial completes
/// within 1 % of the best final value that random search with full training finds among the same trials. Trials
/// are random-search configurations of a test function, one at a time, each reporting the function model's
/// simulated learning curve (<see cref="SimulatedCurve"/>, 27 epochs) with Gaussian noise; the rules are the ones the
/// sweep grain runs (<see cref="SchedulerRegistry"/>), fed every trial's curve after every epoch. Pure computation:
/// no timings, so the numbers do not depend on the machine.
/// </summary>
internal static class SchedulerComputeBenchmark
{
    public const string Name = "scheduler-compute";
    private const int Epochs = 27;
    private const int Trials = 200;
    private const double Noise = 0.02;
    private static readonly string[] Functions = ["branin", "hartmann6", "sphere5"];
    private static readonly string[] Schedulers = ["asha", "hyperband", "median"];

    public static Task<int> RunAsync(BenchOptions options)
    {
        var seeds = options.Seeds ?? 10;
        var rows = new List<Row>();
        foreach (var functionName in Functions)
        {
            var function = TestFunctions.Find(functionName)!;
            var runs = Enumerable.Range(0, seeds).Select(seed => Configurations(function, seed)).ToList();
            var baseline = runs.Select(run => FullTraining(run)).ToList();
            foreach (var scheduler in Schedulers)
            {
                var spent = runs.Select((run, seed) => WithScheduler(run, scheduler, seed)).ToList();
                rows.Add(new Row(functionName, scheduler, baseline, spent));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] {functionName} {scheduler}: median {Median(spent.Select(s => (double)s.Epochs))} epochs vs {Median(baseline.Select(b => (double)b))} with full training"));
            }
        }

        var markdown = Report(options, rows, seeds);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return Task.FromResult(0);
    }

    /// <summary>The random-search trials of one seed: each trial's true final value, in trial order.</summary>
    private static double[] Configurations(ITestFunction function, int seed)
    {
        var space = SamplerQualityBenchmark.Space(function);
        var sampler = new RandomSampler(seed);
        var point = new double[function.Bounds.Count];
        return Enumerable.Range(0, Trials).Select(trial =>
        {
            var values = sampler.Suggest(space, trial, []);
            for (var d = 0; d < point.Length; d++)
            {
                point[d] = values[$"x{d}"].Number;
            }

            return function.Evaluate(point);
        }).ToArray();
    }

    /// <summary>The value within 1 % of the best final value among all the trials.</summary>
    private static double Target(double[] finals)
    {
        var best = finals.Min();
        return best + (0.01 * Math.Max(Math.Abs(best), 1e-9));
    }

    /// <summary>Epochs spent by random search with full training until the first trial within the target completes.</summary>
    private static long FullTraining(double[] finals)
    {
        var target = Target(finals);
        var first = Array.FindIndex(finals, f => f <= target);
        return (first + 1L) * Epochs;
    }

    private static (long Epochs, bool Reached, int Pruned) WithScheduler(double[] finals, string name, int seed)
    {
        var target = Target(finals);
        var scheduler = SchedulerRegistry.Create(name, new SchedulerSettings(ObjectiveGoal.Minimize, Epochs, AlgorithmOptions.None));
        var noise = new Random(seed);
        var finished = new List<TrialCurve>();
        long spent = 0;
        var pruned = 0;
        for (var trial = 0; trial < finals.Length; trial++)
        {
            var values = new List<double>();
            var stopped = false;
            for (var epoch = 1; epoch <= Epochs && !stopped; epoch++)
            {
                values.Add(SimulatedCurve.ValueAt(finals[trial], epoch, Epochs, 1) + (Noise * NormalDistribution.Draw(noise)));
                spent++;
                stopped = epoch < Epochs && scheduler.Decide(new TrialCurve(trial, values.ToArray(), TrialOutcome.Running), finished).Stop;
            }

            finished.Add(new TrialCurve(trial, values.ToArray(), stopped ? TrialOutcome.Pruned : TrialOutcome.Completed));
            pruned += stopped ? 1 : 0;
            if (!stopped && finals[trial] <= target)
            {
                return (spent, true, pruned);
            }
        }

        return (spent, false, pruned);
    }

    private static string Report(BenchOptions options, List<Row> rows, int seeds)
    {
        var text = new StringBuilder();
        text.AppendLine("## Early stopping: compute to reach the best trial");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Computed {DateTime.UtcNow:yyyy-MM-dd} (no timings: epochs counted, the same on any machine). {Trials} random-search trials per seed (seeds 0-{seeds - 1}), one at a time, each reporting the `function` model's simulated learning curve over {Epochs} epochs (`curve: 1`) with Gaussian noise of standard deviation {Noise}; after every epoch the rule (defaults: ASHA grace period 1, reduction factor 4, so rungs at 1, 4 and 16; Hyperband reduction factor 3 with 4 brackets, grace periods 1, 3, 9 and 27; median stopping after 5 completed trials) decides with every earlier trial's curve. Target: a completed trial whose final value is within 1 % of the best final value among all {Trials} trials; the baseline is random search training every trial fully, which reaches it at the first such trial."));
        text.AppendLine();
        text.AppendLine($"Command: `{options.CommandLine}`");
        text.AppendLine();
        text.AppendLine("| function | rule | epochs to the target, median (full training) | less compute, median of per-seed ratios | seeds reaching the target | trials pruned, median |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var ratios = row.Baseline.Zip(row.Spent, (b, s) => s.Reached ? (double)b / s.Epochs : double.NaN).Where(double.IsFinite).ToList();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Function} | {row.Scheduler} | {Median(row.Spent.Select(s => (double)s.Epochs))} ({Median(row.Baseline.Select(b => (double)b))}) | {(ratios.Count == 0 ? "-" : Median(ratios) + "x")} | {row.Spent.Count(s => s.Reached)} of {row.Spent.Count} | {Median(row.Spent.Select(s => (double)s.Pruned))} |"));
        }

        return text.ToString();
    }

    private static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
        return median.ToString(median >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);
    }

    private sealed record Row(string Function, string Scheduler, IReadOnlyList<long> Baseline, IReadOnlyList<(long Epochs, bool Reached, int Pruned)> Spent);
}
