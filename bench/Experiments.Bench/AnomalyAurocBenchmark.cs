using System.Diagnostics;
using System.Globalization;
using System.Text;
using Experiments.Contracts.Parameters;
using Experiments.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.Bench;

/// <summary>
/// anomaly-auroc: for each digit class of the shipped MNIST digits, the vae and the autoencoder trained with that
/// class left out (<c>anomaly_class</c>) and scored on every held-out digit: the anomaly AUROC of the last epoch,
/// per class and on average (the VAE by negative ELBO and by reconstruction error alone).
/// </summary>
internal static class AnomalyAurocBenchmark
{
    public const string Name = "anomaly-auroc";

    private static readonly (string Model, string Metric, string Label)[] Scores =
    [
        ("vae", "anomaly_auroc", "`vae`, negative ELBO"),
        ("vae", "anomaly_auroc_reconstruction", "`vae`, reconstruction error"),
        ("autoencoder", "anomaly_auroc", "`autoencoder`, reconstruction error"),
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var epochs = options.Epochs ?? 10;
        var trainer = new ModelTrainer(NullLogger<ModelTrainer>.Instance);
        var results = new Dictionary<(string Model, string Metric), double[]>();
        var clock = Stopwatch.StartNew();
        foreach (var model in Scores.Select(score => score.Model).Distinct())
        {
            for (var digit = 0; digit < 10; digit++)
            {
                Console.Error.WriteLine($"[bench] {model}, anomaly_class {digit}: {epochs} epochs");
                var observer = new EpochMetricsObserver();
                var request = new TrainingRequest(model, "mnist", new Dictionary<string, ParameterValue> { ["anomaly_class"] = ParameterValue.Int(digit) }, epochs, Seed: 1)
                {
                    Device = "cpu",
                    Threads = options.Threads,
                    CheckpointEvery = 0,
                };
                await trainer.TrainAsync(request, observer, CancellationToken.None);
                foreach (var (_, metric, _) in Scores.Where(score => score.Model == model))
                {
                    var values = results.TryGetValue((model, metric), out var known) ? known : results[(model, metric)] = new double[10];
                    values[digit] = observer.Values(metric)[^1];
                    Console.Error.WriteLine($"[bench]   {metric} {values[digit]:F3}");
                }
            }
        }

        var markdown = Report(options, epochs, results, clock.Elapsed);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return 0;
    }

    private static string Report(BenchOptions options, int epochs, Dictionary<(string Model, string Metric), double[]> results, TimeSpan wall)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        BenchmarksDocument.AppendHeading(sb, Name, options, $"; {wall.TotalMinutes:F0} min");
        sb.AppendLine(inv, $"- Setup: default hyperparameters, {epochs} epochs, seed 1, CPU. For each digit class: the shipped 9,000 training digits without that class train the model; all 1,000 held-out digits are scored (about 100 of them anomalous) and the last epoch's AUROC is reported (1: every anomalous digit scores above every normal one; 0.5: chance).");
        sb.AppendLine();
        sb.AppendLine("| model, score | " + string.Join(" | ", Enumerable.Range(0, 10).Select(d => d.ToString(inv))) + " | mean |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 11)));
        foreach (var (model, metric, label) in Scores)
        {
            var values = results[(model, metric)];
            sb.AppendLine(inv, $"| {label} | {string.Join(" | ", values.Select(v => v.ToString("F3", inv)))} | **{values.Average():F3}** |");
        }

        return sb.ToString();
    }
}
