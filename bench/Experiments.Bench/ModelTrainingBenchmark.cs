using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Experiments.Bench.BareLoops;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Experiments.Training;
using Experiments.Training.Datasets;
using Experiments.WorkerRuntime;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Bench;

/// <summary>
/// model-training: for each registered model, (a) baseline, a bare TorchSharp loop of the same networks and losses
/// (<see cref="IBareLoop"/>), and (b) product, the worker's path without the bus: <see cref="ModelTrainer"/> with the
/// worker's <see cref="TrialRunObserver"/> writing step and epoch metrics, sample grids, .npy samples and checkpoints
/// through the tracking outbox into an MLflow file store. Default hyperparameters, CPU, each part in its own process;
/// steps/s after warm-up and RSS every 250 steps over the whole run (the native-leak guard).
/// </summary>
internal static class ModelTrainingBenchmark
{
    public const string Name = "model-training";
    private const int LogEveryNSteps = 50;
    // A leak of one 64-digit batch per step (200 KB) grows by 200 MiB per 1,000 steps; 2 is far below any real leak.
    private const double LeakThresholdMiBPer1000Steps = 2.0;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var models = options.Model is null or "all" ? BareLoopRegistry.Models : [options.Model];
        if (options.Part is { } part)
        {
            var result = part switch
            {
                "baseline" => RunBaseline(models[0], options),
                "product" => await RunProductAsync(models[0], options),
                _ => throw new ArgumentException($"--part must be baseline or product, not '{part}'."),
            };
            await TrainingParts.WriteAsync(options, result);
            return 0;
        }

        var rows = new List<ModelRounds>();
        foreach (var model in models)
        {
            var rounds = new List<(TrainingPartResult Baseline, TrainingPartResult Product)>();
            for (var round = 0; round < options.Rounds; round++)
            {
                // Alternating which part goes first, so a slow stretch of the machine does not always hit the same one.
                var order = round % 2 == 0 ? new[] { "baseline", "product" } : ["product", "baseline"];
                var measured = new Dictionary<string, TrainingPartResult>(StringComparer.Ordinal);
                foreach (var name in order)
                {
                    Console.Error.WriteLine($"[bench] {model}: {name} (round {round + 1} of {options.Rounds})");
                    if (await TrainingParts.RunAsync(Name, name, options, "--model", model) is not { } result)
                    {
                        return 1;
                    }

                    measured[name] = result;
                }

                rounds.Add((measured["baseline"], measured["product"]));
            }

            rows.Add(new ModelRounds(model, rounds));
        }

        var markdown = Report(options, rows);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return rows.All(r => !r.Leaks) ? 0 : 3;
    }

    private static TrainingPartResult RunBaseline(string model, BenchOptions options)
    {
        var total = Stopwatch.StartNew();
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(options.Threads);
        var samples = new List<RssSample> { RssSample.Take(0, 0) };
        torch.manual_seed(1);
        using var loop = BareLoopRegistry.Create(model);
        using var data = new DatasetResolver().Load(loop.Dataset); // the product's own loader: the same examples
        var train = data.Train;
        using var labels = data.TrainLabels is null ? null : torch.tensor(data.TrainLabels.Select(label => (long)label).ToArray());
        var trainCount = train.shape[0];
        var (epochs, _) = Plan(loop.StepsPerEpoch(trainCount), options.MinSteps);
        var shuffle = new Random(1);
        var setupSeconds = total.Elapsed.TotalSeconds;

        var clock = Stopwatch.StartNew();
        double warmupAt = 0;
        double samplingSeconds = 0; // after warm-up: memory samples collect garbage first, which is not training
        long step = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            loop.RunEpoch(train, labels, shuffle, () =>
            {
                step++;
                if (step == options.WarmupSteps)
                {
                    warmupAt = clock.Elapsed.TotalSeconds;
                }
            });

            var sampledAt = clock.Elapsed.TotalSeconds;
            samples.Add(RssSample.Take(step, sampledAt));
            if (step >= options.WarmupSteps)
            {
                samplingSeconds += clock.Elapsed.TotalSeconds - sampledAt;
            }
        }

        var rate = (step - options.WarmupSteps) / (clock.Elapsed.TotalSeconds - warmupAt - samplingSeconds);
        return TrainingMeasurement.Summarize("baseline", step, epochs, options.WarmupSteps, rate, rate, setupSeconds, total.Elapsed.TotalSeconds, samples, Machine.RssMiB());
    }

    private static async Task<TrainingPartResult> RunProductAsync(string model, BenchOptions options)
    {
        var total = Stopwatch.StartNew();
        TorchRuntime.EnsureAvailable();
        var samples = new List<RssSample> { RssSample.Take(0, 0) };
        var (epochs, stepsPerEpoch, dataset) = TorchThreads.OnShortLivedThread(() =>
        {
            using var loop = BareLoopRegistry.Create(model);
            using var probe = new DatasetResolver().Load(loop.Dataset);
            var (epochs, stepsPerEpoch) = Plan(loop.StepsPerEpoch(probe.TrainCount), options.MinSteps);
            return (epochs, stepsPerEpoch, loop.Dataset);
        });
        var folder = Directory.CreateTempSubdirectory("bench-model-training-").FullName;
        try
        {
            // The worker's tracking path: outbox journal (fsynced) delivered in the background to an MLflow file store.
            var store = new MlflowFileStore(Path.Combine(folder, "mlruns"));
            await using var outbox = new TrackingOutbox(store, new TrackingOutboxOptions { Directory = Path.Combine(folder, "outbox") }, store.RootDirectory, NullLoggerFactory.Instance);
            outbox.Start();
            var run = await outbox.CreateRunAsync("bench-" + model, "trial-0000", new Dictionary<string, string>());
            var message = new StartTrial
            {
                SweepId = Guid.NewGuid(),
                TrialId = "bench-0000",
                Attempt = 1,
                TrialNumber = 0,
                Model = model,
                Dataset = dataset,
                Parameters = new Dictionary<string, ParameterValue>(),
                Epochs = epochs,
                Seed = 1,
                ObjectiveMetric = ModelCatalogObjective(model),
                Tracking = new TrackingTarget("bench-" + model, run.Key), // unused here: no child run is created
            };
            var observer = new SamplingObserver(
                new TrialRunObserver((_, _) => Task.CompletedTask, outbox, run, message, TimeProvider.System), samples, options.WarmupSteps, sampleEverySteps: 0);
            var request = new TrainingRequest(model, dataset, message.Parameters, epochs, Seed: 1)
            {
                Device = "cpu",
                Threads = options.Threads,
                LogEveryNSteps = LogEveryNSteps,
                ObjectiveMetric = message.ObjectiveMetric,
            };
            var setupSeconds = total.Elapsed.TotalSeconds;
            observer.Clock.Restart();
            var result = await new ModelTrainer(NullLogger<ModelTrainer>.Instance).TrainAsync(request, observer, CancellationToken.None);
            var endRss = Machine.RssMiB();
            if (result.Steps != (long)epochs * stepsPerEpoch || observer.Epochs != epochs)
            {
                throw new InvalidOperationException($"Product ran {result.Steps} steps / {observer.Epochs} epochs; expected {epochs * stepsPerEpoch} / {epochs}.");
            }

            if (!await outbox.WaitForDeliveryAsync(TimeSpan.FromMinutes(2)))
            {
                throw new InvalidOperationException($"The outbox did not deliver: {outbox.Status}");
            }

            // End to end after warm-up: evaluation, samples, checkpoints and tracking after every epoch included; the
            // bench's own memory samples (a full, compacting GC each) excluded, as in the baseline.
            var window = observer.LastStepSeconds - observer.WarmupSeconds;
            var rate = (observer.LastStep - options.WarmupSteps) / (window - observer.SamplingSecondsBetween(observer.WarmupSeconds, observer.LastStepSeconds));
            return TrainingMeasurement.Summarize("product", result.Steps, epochs, options.WarmupSteps, rate, double.NaN, setupSeconds, total.Elapsed.TotalSeconds, samples, endRss);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Native memory (the C heap in use) grows after warm-up; managed garbage is the GC's business, not a leak.</summary>
    private static bool Leaks(TrainingPartResult part) => !(part.NativeSlopeMiBPer1000Steps < LeakThresholdMiBPer1000Steps);

    /// <summary>One model's rounds of (baseline, product).</summary>
    private sealed record ModelRounds(string Model, IReadOnlyList<(TrainingPartResult Baseline, TrainingPartResult Product)> Rounds)
    {
        public bool Leaks => Rounds.Any(r => ModelTrainingBenchmark.Leaks(r.Baseline) || ModelTrainingBenchmark.Leaks(r.Product));

        public double Median(Func<(TrainingPartResult Baseline, TrainingPartResult Product), double> figure) =>
            TrainingMeasurement.Median(Rounds.Select(figure).Order().ToList());
    }

    private static string ModelCatalogObjective(string model) =>
        Experiments.Training.Models.ModelFamilies.Catalog.Find(model)!.Metrics[0].Name;

    private static (int Epochs, int StepsPerEpoch) Plan(int stepsPerEpoch, int minSteps) =>
        ((minSteps + stepsPerEpoch - 1) / stepsPerEpoch, stepsPerEpoch);

    private static string Report(BenchOptions options, IReadOnlyList<ModelRounds> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## {Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe(options.Threads)}");
        sb.AppendLine(inv, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(inv, $"- Command: `{options.CommandLine}`");
        sb.AppendLine(inv, $"- Setup: each model with its default hyperparameters on its data (the 9,000 shipped training digits; for `lstm-lm` the 1.0 M training characters of Tiny Shakespeare from `../shared/data`, else the shipped genesis, read as 32 streams with the state carried), CPU, at least {options.MinSteps} optimiser steps per part, warm-up {options.WarmupSteps} steps, memory after a full GC at the end of every epoch, each part in its own process. Baseline: a bare TorchSharp loop of the same networks and losses (`bench/Experiments.Bench/BareLoops/`), reading the loss every step. Product: `ModelTrainer` with the worker's `TrialRunObserver` writing through the tracking outbox into an MLflow file store: step metrics every {LogEveryNSteps} steps, held-out evaluation and samples after every epoch (grids and 1,000-sample `.npy` for the image models, 400 characters of text for `lstm-lm`), a checkpoint every epoch (the last two and the best kept).");
        sb.AppendLine();
        sb.AppendLine("| model | steps per part | baseline steps/s (median epoch) | product steps/s (median epoch, end to end) | ratio (median of rounds) | ratio per round | whole-run ratio per round | native memory slope after warm-up, worst round, baseline / product (MiB per 1,000 steps) | RSS after warm-up → end → after full GC, first round, baseline / product (MiB) | load at start, baseline / product |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---|---:|---:|---|");
        foreach (var row in rows)
        {
            var (firstBaseline, firstProduct) = row.Rounds[0];
            sb.AppendLine(inv, $"| `{row.Model}` | {firstProduct.Steps} | {row.Median(r => r.Baseline.MedianEpochStepsPerSecond):F1} | {row.Median(r => r.Product.MedianEpochStepsPerSecond):F1} | **{row.Median(r => r.Product.MedianEpochStepsPerSecond / r.Baseline.MedianEpochStepsPerSecond):F2}** | {string.Join(", ", row.Rounds.Select(r => (r.Product.MedianEpochStepsPerSecond / r.Baseline.MedianEpochStepsPerSecond).ToString("F2", inv)))} | {string.Join(", ", row.Rounds.Select(r => (r.Product.StepsPerSecond / r.Baseline.StepsPerSecond).ToString("F2", inv)))} | {row.Rounds.Max(r => r.Baseline.NativeSlopeMiBPer1000Steps):+0.00;-0.00;0.00} / {row.Rounds.Max(r => r.Product.NativeSlopeMiBPer1000Steps):+0.00;-0.00;0.00} | {firstBaseline.RssAfterWarmupMiB:F0} → {firstBaseline.RssEndMiB:F0} → {firstBaseline.RssEndAfterGcMiB:F0} / {firstProduct.RssAfterWarmupMiB:F0} → {firstProduct.RssEndMiB:F0} → {firstProduct.RssEndAfterGcMiB:F0} | {string.Join(", ", row.Rounds.Select(r => $"{r.Baseline.LoadAverage.ToString("F2", inv)}{(r.Baseline.Quiet ? string.Empty : "!")}/{r.Product.LoadAverage.ToString("F2", inv)}{(r.Product.Quiet ? string.Empty : "!")}"))} |");
        }

        sb.AppendLine();
        var leaking = rows.Where(r => r.Leaks).Select(r => r.Model).ToList();
        sb.AppendLine(inv, $"Speed: each part's steps/s is the median over its epochs after warm-up of that epoch's rate end to end (for the product: training, evaluation, samples, tracking and checkpoint), less the bench's own memory samples; a neighbour's burst on these shared cores slows a few epochs, not the median. Each model is measured in {options.Rounds} rounds, alternating which part goes first; the ratio is the median of the rounds' ratios. The whole-run ratio (all steps after warm-up over their wall time) is shown for comparison.");
        sb.AppendLine();
        sb.AppendLine(inv, $"Leak guard: native memory (the C heap in use as glibc counts it, `mallinfo2`: where libtorch keeps CPU tensors; sampled after a full GC at the end of every epoch, so finalizers have freed what the GC owned) may not grow by {LeakThresholdMiBPer1000Steps:F0} MiB or more per 1,000 steps after warm-up in any round (Theil–Sen slope: the median of the slopes between every pair of samples, so an allocator saw-tooth does not count); the command exits 3 when a part does. RSS also moves with managed garbage and with pages the allocator keeps after a free, so it is shown but not judged. {(leaking.Count == 0 ? "No part grew: native memory is flat for every model." : "Growing: " + string.Join(", ", leaking) + ".")} A `!` after a load figure means the machine was not quiet when that part started.");
        return sb.ToString();
    }
}
