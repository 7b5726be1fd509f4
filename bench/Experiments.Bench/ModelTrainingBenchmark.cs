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

        var rows = new List<(string Model, TrainingPartResult Baseline, TrainingPartResult Product)>();
        foreach (var model in models)
        {
            var measured = new List<TrainingPartResult>();
            foreach (var name in new[] { "baseline", "product" })
            {
                Console.Error.WriteLine($"[bench] {model}: {name}");
                if (await TrainingParts.RunAsync(Name, name, options, "--model", model) is not { } result)
                {
                    return 1;
                }

                measured.Add(result);
            }

            rows.Add((model, measured[0], measured[1]));
        }

        var markdown = Report(options, rows);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return rows.All(r => !Leaks(r.Baseline) && !Leaks(r.Product)) ? 0 : 3;
    }

    private static TrainingPartResult RunBaseline(string model, BenchOptions options)
    {
        var total = Stopwatch.StartNew();
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(options.Threads);
        var samples = new List<RssSample> { RssSample.Take(0, 0) };
        torch.manual_seed(1);
        using var data = new DatasetResolver().Load("mnist"); // the product's own loader: the same 9,000 digits
        var train = data.Train;
        using var labels = torch.tensor(data.TrainLabels!.Select(label => (long)label).ToArray());
        using var loop = BareLoopRegistry.Create(model);
        var trainCount = train.shape[0];
        var (epochs, _) = Plan(trainCount, loop.BatchSize, options.MinSteps);
        var shuffle = new Random(1);
        var order = Enumerable.Range(0, (int)trainCount).Select(i => (long)i).ToArray();
        var setupSeconds = total.Elapsed.TotalSeconds;

        var clock = Stopwatch.StartNew();
        double warmupAt = 0;
        double samplingSeconds = 0; // after warm-up: memory samples collect garbage first, which is not training
        long step = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            shuffle.Shuffle(order);
            using var permutation = torch.tensor(order);
            for (var start = 0; start + loop.BatchSize <= trainCount; start += loop.BatchSize)
            {
                using (torch.NewDisposeScope())
                {
                    var indices = permutation.narrow(0, start, loop.BatchSize);
                    _ = loop.Step(train.index_select(0, indices), labels.index_select(0, indices));
                }

                step++;
                if (step == options.WarmupSteps)
                {
                    warmupAt = clock.Elapsed.TotalSeconds;
                }
            }

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
        long trainCount;
        using (var probe = new DatasetResolver().Load("mnist"))
        {
            trainCount = probe.TrainCount;
        }

        int batchSize;
        using (var loop = BareLoopRegistry.Create(model))
        {
            batchSize = loop.BatchSize;
        }

        var (epochs, stepsPerEpoch) = Plan(trainCount, batchSize, options.MinSteps);
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
                Dataset = "mnist",
                Parameters = new Dictionary<string, ParameterValue>(),
                Epochs = epochs,
                Seed = 1,
                ObjectiveMetric = ModelCatalogObjective(model),
                Tracking = new TrackingTarget("bench-" + model, run.Key), // unused here: no child run is created
            };
            var observer = new SamplingObserver(
                new TrialRunObserver((_, _) => Task.CompletedTask, outbox, run, message, TimeProvider.System), samples, options.WarmupSteps, sampleEverySteps: 0);
            var request = new TrainingRequest(model, "mnist", message.Parameters, epochs, Seed: 1)
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

    private static string ModelCatalogObjective(string model) =>
        Experiments.Training.Models.ModelFamilies.Catalog.Find(model)!.Metrics[0].Name;

    private static (int Epochs, int StepsPerEpoch) Plan(long trainCount, int batchSize, int minSteps)
    {
        var stepsPerEpoch = (int)(trainCount / batchSize);
        return ((minSteps + stepsPerEpoch - 1) / stepsPerEpoch, stepsPerEpoch);
    }

    private static string Report(BenchOptions options, IReadOnlyList<(string Model, TrainingPartResult Baseline, TrainingPartResult Product)> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## {Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe(options.Threads)}");
        sb.AppendLine(inv, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(inv, $"- Command: `{options.CommandLine}`");
        sb.AppendLine(inv, $"- Setup: each model with its default hyperparameters on the 9,000 shipped training digits, CPU, at least {options.MinSteps} optimiser steps per part, warm-up {options.WarmupSteps} steps, memory after a full GC at the end of every epoch, each part in its own process. Baseline: a bare TorchSharp loop of the same networks and losses (`bench/Experiments.Bench/BareLoops/`), reading the loss every step. Product: `ModelTrainer` with the worker's `TrialRunObserver` writing through the tracking outbox into an MLflow file store: step metrics every {LogEveryNSteps} steps, held-out evaluation, sample grid and 1,000-sample `.npy` after every epoch, a checkpoint every epoch (the last two and the best kept).");
        sb.AppendLine();
        sb.AppendLine("| model | steps | baseline steps/s | product steps/s (end to end) | ratio | RSS after warm-up → end → after full GC, baseline (MiB) | same, product (MiB) | native memory slope after warm-up, baseline / product (MiB per 1,000 steps) | RSS least-squares slope, baseline / product | load at start (baseline / product) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (model, baseline, product) in rows)
        {
            sb.AppendLine(inv, $"| `{model}` | {product.Steps} | {baseline.StepsPerSecond:F1} | {product.StepsPerSecond:F1} | **{product.StepsPerSecond / baseline.StepsPerSecond:F2}** | {baseline.RssAfterWarmupMiB:F0} → {baseline.RssEndMiB:F0} → {baseline.RssEndAfterGcMiB:F0} | {product.RssAfterWarmupMiB:F0} → {product.RssEndMiB:F0} → {product.RssEndAfterGcMiB:F0} | {baseline.NativeSlopeMiBPer1000Steps:+0.00;-0.00;0.00} / {product.NativeSlopeMiBPer1000Steps:+0.00;-0.00;0.00} | {baseline.SlopeMiBPer1000Steps:+0.00;-0.00;0.00} / {product.SlopeMiBPer1000Steps:+0.00;-0.00;0.00} | {baseline.LoadAverage:F2}{(baseline.Quiet ? string.Empty : "!")} / {product.LoadAverage:F2}{(product.Quiet ? string.Empty : "!")} |");
        }

        sb.AppendLine();
        var leaking = rows.Where(r => Leaks(r.Baseline) || Leaks(r.Product)).Select(r => r.Model).ToList();
        sb.AppendLine(inv, $"Leak guard: native memory (the C heap in use as glibc counts it, `mallinfo2`: where libtorch keeps CPU tensors; sampled after a full GC at the end of every epoch, so finalizers have freed what the GC owned) may not grow by {LeakThresholdMiBPer1000Steps:F0} MiB or more per 1,000 steps after warm-up (Theil–Sen slope: the median of the slopes between every pair of samples, so an allocator saw-tooth does not count); the command exits 3 when a part does. RSS also moves with managed garbage and with pages the allocator keeps after a free, so it is shown but not judged. Throughput excludes the time of the bench's own memory samples in both parts. {(leaking.Count == 0 ? "No part grew: native memory is flat for every model." : "Growing: " + string.Join(", ", leaking) + ".")} A `!` after a load figure means the machine was not quiet when that part started.");
        return sb.ToString();
    }
}
