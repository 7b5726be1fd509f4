using System.Diagnostics;
using System.Globalization;
using System.Text;
using Experiments.Contracts.Parameters;
using Experiments.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Bench;

/// <summary>
/// forecast-quality: the LSTM forecaster with fixed settings per data set (sines, autoregressive, sunspots) on a few
/// seeds; the held-out mse after the last epoch beside the naive forecast's (the last value repeated) and their ratio,
/// as the median and range over seeds. A quality figure, not a timing one: the wall time is only noted.
/// </summary>
internal static class ForecastQualityBenchmark
{
    public const string Name = "forecast-quality";
    private const string Model = "lstm-forecast";
    private const int Horizon = 4;

    // The generated series are long (8,000 training steps: 124 steps an epoch at batch 64); the 247 training years of
    // sunspots need small batches, a shorter lookback and many more epochs.
    private static readonly Setup[] Setups =
    [
        new("sines", Epochs: 5, BatchSize: 64, Lookback: 48, HiddenSize: 64, LearningRate: 1e-3),
        new("autoregressive", Epochs: 5, BatchSize: 64, Lookback: 48, HiddenSize: 64, LearningRate: 1e-3),
        new("sunspots", Epochs: 60, BatchSize: 16, Lookback: 24, HiddenSize: 32, LearningRate: 3e-3),
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var seeds = Enumerable.Range(1, options.Seeds ?? 3).Select(s => (long)s).ToList();
        var trainer = new ModelTrainer(NullLogger<ModelTrainer>.Instance);
        var runs = new List<SeedRun>();
        var clock = Stopwatch.StartNew();
        foreach (var setup in Setups)
        {
            var epochs = options.Epochs ?? setup.Epochs;
            foreach (var seed in seeds)
            {
                Console.Error.WriteLine($"[bench] {Model} on {setup.Dataset}, seed {seed}: {epochs} epochs");
                var request = new TrainingRequest(Model, setup.Dataset, setup.Parameters(), epochs, seed)
                {
                    Device = "cpu",
                    Threads = options.Threads,
                    CheckpointEvery = 0,
                };
                var result = await trainer.TrainAsync(request, NoOpObserver.Instance, CancellationToken.None);
                var metrics = result.FinalMetrics;
                runs.Add(new SeedRun(setup.Dataset, seed, metrics["mse"], metrics["naive_mse"], metrics["mse_ratio"]));
                Console.Error.WriteLine($"[bench]   mse {metrics["mse"]:G4}, naive_mse {metrics["naive_mse"]:G4}, mse_ratio {metrics["mse_ratio"]:F3}");
            }
        }

        var markdown = Report(options, runs, clock.Elapsed);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return 0;
    }

    private static string Report(BenchOptions options, List<SeedRun> runs, TimeSpan wall)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        BenchmarksDocument.AppendHeading(sb, Name, options, $"; {runs.Count} runs in {wall.TotalMinutes:F1} min (not a timing benchmark)");
        sb.AppendLine(inv, $"- Setup: `{Model}`, horizon {Horizon}, 2 LSTM layers, no dropout, gradient clip 1, CPU, seeds {string.Join(", ", runs.Select(r => r.Seed).Distinct())}; per data set: {string.Join("; ", Setups.Select(s => $"{s.Dataset} {options.Epochs ?? s.Epochs} epochs, batch {s.BatchSize}, lookback {s.Lookback}, hidden {s.HiddenSize}, learning rate {s.LearningRate.ToString(inv)}"))}. Metrics after the last epoch on the held-out tail (the last 20 %), in the data's units, averaged over the {Horizon} horizon steps; `naive_mse`: the last value repeated. `mse_ratio` = mse / naive_mse (below 1: better than naive).");
        sb.AppendLine();
        sb.AppendLine("| data set | mse, median (min – max) | naive_mse | mse_ratio, median (min – max) |");
        sb.AppendLine("|---|---:|---:|---:|");
        foreach (var dataset in runs.Select(r => r.Dataset).Distinct())
        {
            var of = runs.Where(r => r.Dataset == dataset).ToList();
            var mse = of.Select(r => r.Mse).ToList();
            var ratio = of.Select(r => r.MseRatio).ToList();
            sb.AppendLine(inv, $"| {dataset} | {Median(mse):G4} ({mse.Min():G4} – {mse.Max():G4}) | {Median(of.Select(r => r.NaiveMse).ToList()):G4} | {Median(ratio):F3} ({ratio.Min():F3} – {ratio.Max():F3}) |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"For reference, the best possible forecast of the AR(2) series (x_t = 1.6 x_(t-1) - 0.8 x_(t-2) + N(0, 1)) averages an mse of {AutoregressiveOptimalMse(Horizon).ToString("F3", inv)} over {Horizon} steps ahead (1 one step ahead); on the sines the noise alone costs 0.01 at every step. Both are population figures: a held-out tail of 2,000 steps may come in a little below them.");
        return sb.ToString();
    }

    /// <summary>The mean over steps 1..h of the h-step forecast error variance of the AR(2): the sum of the squared first h weights of its MA(inf) form.</summary>
    private static double AutoregressiveOptimalMse(int horizon)
    {
        var weights = new double[horizon];
        for (var j = 0; j < horizon; j++)
        {
            weights[j] = j == 0 ? 1 : (1.6 * weights[j - 1]) - (j >= 2 ? 0.8 * weights[j - 2] : 0);
        }

        double cumulative = 0, total = 0;
        foreach (var weight in weights)
        {
            cumulative += weight * weight;
            total += cumulative;
        }

        return total / horizon;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private sealed record SeedRun(string Dataset, long Seed, double Mse, double NaiveMse, double MseRatio);

    private sealed record Setup(string Dataset, int Epochs, int BatchSize, int Lookback, int HiddenSize, double LearningRate)
    {
        public Dictionary<string, ParameterValue> Parameters() => new(StringComparer.Ordinal)
        {
            ["batch_size"] = ParameterValue.Int(BatchSize),
            ["lookback"] = ParameterValue.Int(Lookback),
            ["horizon"] = ParameterValue.Int(Horizon),
            ["layers"] = ParameterValue.Int(2),
            ["hidden_size"] = ParameterValue.Int(HiddenSize),
            ["learning_rate"] = ParameterValue.Float(LearningRate),
        };
    }
}
