using System.Diagnostics;
using System.Globalization;
using System.Text;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Training;
using Experiments.Training.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Bench;

/// <summary>
/// curriculum-quality: one model (dcgan by default) with its default hyperparameters on the shipped digits, trained
/// with and without its default curriculum on the same seeds; per epoch fd_pixels. Reports the final figure and its
/// spread across seeds, and the epoch-to-epoch variation while both arms train at full resolution (stability). A
/// quality comparison, not a timing one: the wall time is only noted.
/// </summary>
internal static class CurriculumQualityBenchmark
{
    public const string Name = "curriculum-quality";
    private const string Metric = "fd_pixels";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var model = options.Model ?? "dcgan";
        var descriptor = ModelFamilies.Catalog.Find(model) ?? throw new ArgumentException($"--model: unknown model '{model}'.");
        if (descriptor.FindMetric(Metric) is null)
        {
            throw new ArgumentException($"--model: {model} does not report {Metric}; pick a GAN (dcgan, cgan, infogan, wgan-gp).");
        }

        var epochs = options.Epochs ?? 10;
        var curriculum = CurriculumPlan.FromDefaults(descriptor.Curriculum, epochs)
            ?? throw new ArgumentException($"--model: {model} declares no default curriculum.");
        var seeds = Enumerable.Range(1, options.Seeds ?? 3).Select(s => (long)s).ToList();
        var trainer = new ModelTrainer(NullLogger<ModelTrainer>.Instance);
        var runs = new List<ArmRun>();
        var clock = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            foreach (var plan in new[] { null, curriculum })
            {
                var arm = plan is null ? "none" : "default";
                Console.Error.WriteLine($"[bench] {model}, seed {seed}, curriculum {arm}: {epochs} epochs");
                var observer = new EpochMetricsObserver();
                var request = new TrainingRequest(model, "mnist", new Dictionary<string, ParameterValue>(), epochs, seed)
                {
                    Device = "cpu",
                    Threads = options.Threads,
                    CheckpointEvery = 0,
                    Curriculum = plan,
                };
                await trainer.TrainAsync(request, observer, CancellationToken.None);
                runs.Add(new ArmRun(arm, seed, observer.Values(Metric)));
                if (options.SamplesDirectory is { } folder && observer.LastArtifact("samples/epoch-", ".png") is { } grid)
                {
                    Directory.CreateDirectory(folder);
                    await File.WriteAllBytesAsync(Path.Combine(folder, $"{model}-{arm}-seed{seed}.png"), grid);
                }

                Console.Error.WriteLine($"[bench]   {Metric} by epoch: {string.Join(", ", runs[^1].ByEpoch.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");
            }
        }

        var markdown = Report(options, model, epochs, curriculum, runs, clock.Elapsed);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return 0;
    }

    private static string Report(BenchOptions options, string model, int epochs, CurriculumPlan curriculum, List<ArmRun> runs, TimeSpan wall)
    {
        var inv = CultureInfo.InvariantCulture;
        var fullFrom = curriculum.Stages[^1].FirstEpoch;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## {Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe(options.Threads)}");
        sb.AppendLine(inv, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {runs.Count} runs in {wall.TotalMinutes:F1} min (not a timing benchmark)");
        sb.AppendLine(inv, $"- Command: `{options.CommandLine}`");
        sb.AppendLine(inv, $"- Setup: `{model}` with its default hyperparameters on the 9,000 shipped training digits (1,000 held out), CPU, {epochs} epochs, seeds {string.Join(", ", runs.Select(r => r.Seed).Distinct())}; each seed trained once without a curriculum (`none`) and once with the model's default curriculum (`default`: {curriculum.Describe(epochs)}). `{Metric}`: Fréchet distance of 1,000 samples to up to 1,000 held-out digits on 7×7 average-pooled pixels, after every epoch (lower is better).");
        sb.AppendLine();
        sb.AppendLine(inv, $"| curriculum | seed | {Metric} by epoch 1 → {epochs} |");
        sb.AppendLine("|---|---:|---|");
        foreach (var run in runs.OrderBy(r => r.Arm == "default").ThenBy(r => r.Seed))
        {
            sb.AppendLine(inv, $"| {run.Arm} | {run.Seed} | {string.Join(" → ", run.ByEpoch.Select(v => v.ToString("F3", inv)))} |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"| curriculum | final {Metric}, mean ± sd over seeds | min – max | mean \\|change\\| per epoch, epochs {fullFrom}–{epochs} | epochs that got worse, epochs {fullFrom}–{epochs} |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var arm in new[] { "none", "default" })
        {
            var armRuns = runs.Where(r => r.Arm == arm).ToList();
            var finals = armRuns.Select(r => r.ByEpoch[^1]).ToList();
            var changes = armRuns.SelectMany(r => Changes(r.ByEpoch, fullFrom)).ToList();
            sb.AppendLine(inv, $"| {arm} | {finals.Average():F3} ± {StandardDeviation(finals):F3} | {finals.Min():F3} – {finals.Max():F3} | {changes.Select(Math.Abs).DefaultIfEmpty(0).Average():F3} | {changes.Count(c => c > 0)} of {changes.Count} |");
        }

        var paired = runs.Where(r => r.Arm == "default").Select(d => d.ByEpoch[^1] - runs.Single(n => n.Arm == "none" && n.Seed == d.Seed).ByEpoch[^1]).ToList();
        sb.AppendLine();
        sb.AppendLine(inv, $"Paired by seed, final {Metric} with the curriculum minus without: {string.Join(", ", paired.Select(p => p.ToString("+0.000;-0.000", inv)))} (mean {paired.Average():+0.000;-0.000}); lower with the curriculum on {paired.Count(p => p < 0)} of {paired.Count} seeds. \"Changes\" are between consecutive epochs in the full-resolution stage, where both arms train the same way.");
        return sb.ToString();
    }

    /// <summary>fd(e) − fd(e − 1) for every epoch e from <paramref name="from"/> + 1 on (1-based), so both ends are in the window.</summary>
    private static IEnumerable<double> Changes(IReadOnlyList<double> byEpoch, int from)
    {
        for (var epoch = from + 1; epoch <= byEpoch.Count; epoch++)
        {
            yield return byEpoch[epoch - 1] - byEpoch[epoch - 2];
        }
    }

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private sealed record ArmRun(string Arm, long Seed, IReadOnlyList<double> ByEpoch);
}
