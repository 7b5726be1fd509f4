using System.Diagnostics;
using System.Globalization;
using Experiments.Bench;

// Usage: dotnet run -c Release --project bench/Experiments.Bench -- <vae-training|model-training|sweep-overhead|curriculum-quality|sampler-overhead|sampler-quality|scheduler-compute|sweep-scale|cluster-overhead|forecast-quality|text-quality|anomaly-auroc> [options]
//   --write PATH            update PATH's section for this benchmark (e.g. docs/benchmarks.md)
//   --threads N             torch intra-op threads (default: the machine's cores)
//   --min-steps N           vae-training: at least N optimiser steps per part (default 3000)
//   --warmup-steps N        vae-training: steps excluded from steps/s and the RSS slope (default 1000)
//   --trials N              sweep-overhead: trials in the sweep (default 6); sweep-scale: likewise (default 100000);
//                           cluster-overhead: the one-result trials (default 10000); text-quality: the first N of its
//                           configurations (default all 3)
//   --model NAME            model-training: one model (vae, dcgan, cgan, infogan, wgan-gp, autoencoder, lstm-lm) or all (default);
//                           curriculum-quality: the GAN to compare (default dcgan)
//   --epochs N              curriculum-quality: epochs per run (default 10); text-quality: likewise (default 8); anomaly-auroc: epochs per model and class (default 10); forecast-quality: epochs on every data set
//                           (default 5 on sines and autoregressive, 60 on sunspots)
//   --seeds N               curriculum-quality: seeds 1..N, each with and without the curriculum (default 3);
//                           forecast-quality: seeds 1..N on each data set (default 3);
//                           sampler-quality, scheduler-compute: seeds 0..N-1 (default 10)
//   --samplers A,B          sampler-quality: only the samplers whose label contains one of the terms (e.g. gp,Optuna)
//   --functions F,G         sampler-quality: only these test functions (e.g. hartmann6,rosenbrock10)
//   --samples DIR           curriculum-quality: write each run's last sample grid there
//   --rounds N              model-training: measure each part N times, alternating which goes first (default 3)
//   --load-threshold X      wait for a 1-minute load average below X before measuring (default 1.5)
//   --max-wait-minutes M    give up waiting after M minutes and record the load (default 15)
// Quality, not timings: train-classifier / score-classifier (see MnistClassifierCommand and data/mnist-classifier/README.md).
if (MnistClassifierCommand.Handles(args))
{
    return MnistClassifierCommand.Run(args);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync("usage: Experiments.Bench <vae-training|model-training|sweep-overhead|curriculum-quality|sampler-overhead|sampler-quality|scheduler-compute|sweep-scale|cluster-overhead|forecast-quality|text-quality|anomaly-auroc> [--write docs/benchmarks.md] [--threads N] [--min-steps N] [--warmup-steps N] [--trials N] [--model NAME] [--epochs N] [--seeds N] [--samplers A,B] [--functions F,G] [--samples DIR] [--rounds N] [--load-threshold X] [--max-wait-minutes M]");
    return 2;
}

return options.Benchmark switch
{
    VaeTrainingBenchmark.Name => await VaeTrainingBenchmark.RunAsync(options),
    ModelTrainingBenchmark.Name => await ModelTrainingBenchmark.RunAsync(options),
    SweepOverheadBenchmark.Name => await SweepOverheadBenchmark.RunAsync(options),
    CurriculumQualityBenchmark.Name => await CurriculumQualityBenchmark.RunAsync(options),
    SamplerOverheadBenchmark.Name => await SamplerOverheadBenchmark.RunAsync(options),
    SamplerQualityBenchmark.Name => await SamplerQualityBenchmark.RunAsync(options),
    SchedulerComputeBenchmark.Name => await SchedulerComputeBenchmark.RunAsync(options),
    SweepScaleBenchmark.Name => await SweepScaleBenchmark.RunAsync(options),
    ClusterOverheadBenchmark.Name => await ClusterOverheadBenchmark.RunAsync(options),
    ForecastQualityBenchmark.Name => await ForecastQualityBenchmark.RunAsync(options),
    TextQualityBenchmark.Name => await TextQualityBenchmark.RunAsync(options),
    AnomalyAurocBenchmark.Name => await AnomalyAurocBenchmark.RunAsync(options),
    _ => 2,
};

namespace Experiments.Bench
{
    internal sealed record BenchOptions(
        string Benchmark,
        string? WritePath,
        int Threads,
        int MinSteps,
        int WarmupSteps,
        int Trials,
        double LoadThreshold,
        TimeSpan MaxWait,
        string? Part,
        string? ResultFile,
        string? Model,
        int? Epochs,
        int? Seeds,
        string? SamplesDirectory,
        int Rounds,
        string CommandLine,
        IReadOnlyList<string>? Samplers = null,
        IReadOnlyList<string>? Functions = null,
        int? TrialsOption = null)
    {
        public static BenchOptions Parse(string[] args)
        {
            string[] benchmarks = [VaeTrainingBenchmark.Name, ModelTrainingBenchmark.Name, SweepOverheadBenchmark.Name, CurriculumQualityBenchmark.Name, SamplerOverheadBenchmark.Name, SamplerQualityBenchmark.Name, SchedulerComputeBenchmark.Name, SweepScaleBenchmark.Name, ClusterOverheadBenchmark.Name, ForecastQualityBenchmark.Name, TextQualityBenchmark.Name, AnomalyAurocBenchmark.Name];
            if (args.Length == 0 || !benchmarks.Contains(args[0]))
            {
                throw new ArgumentException($"Name a benchmark: {string.Join(", ", benchmarks)}.");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"Unexpected argument '{args[i]}'; options take a value (--name value).");
                }

                values[args[i]] = args[++i];
            }

            var known = new[] { "--write", "--threads", "--min-steps", "--warmup-steps", "--trials", "--load-threshold", "--max-wait-minutes", "--part", "--result-file", "--model", "--epochs", "--seeds", "--samples", "--rounds", "--samplers", "--functions" };
            var unknown = values.Keys.Except(known).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown)}.");
            }

            string[]? List(string name) => values.TryGetValue(name, out var v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            double Double(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

            var warmup = Int("--warmup-steps", 1000);
            if (warmup % 250 != 0)
            {
                throw new ArgumentException("--warmup-steps must be a multiple of 250 (the RSS sampling interval).");
            }

            return new BenchOptions(
                args[0],
                values.GetValueOrDefault("--write"),
                Int("--threads", Environment.ProcessorCount),
                Int("--min-steps", 3000),
                warmup,
                Int("--trials", 6),
                Double("--load-threshold", 1.5),
                TimeSpan.FromMinutes(Double("--max-wait-minutes", 15)),
                values.GetValueOrDefault("--part"),
                values.GetValueOrDefault("--result-file"),
                values.GetValueOrDefault("--model"),
                values.ContainsKey("--epochs") ? Int("--epochs", 0) : null,
                values.ContainsKey("--seeds") ? Int("--seeds", 0) : null,
                values.GetValueOrDefault("--samples"),
                Math.Max(1, Int("--rounds", 3)),
                "dotnet run -c Release --project bench/Experiments.Bench -- " + string.Join(' ', args),
                List("--samplers"),
                List("--functions"),
                // Benchmarks whose default differs from Trials' (sweep-scale, cluster-overhead) need to know whether it was given.
                values.ContainsKey("--trials") ? Int("--trials", 0) : null);
        }
    }

    /// <summary>Runs this program again (same executable or dll) as a child process and waits for it.</summary>
    internal static class ChildProcess
    {
        public static async Task<int> RunSelfAsync(IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
    }
}
