using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Experiments.Contracts.Parameters;
using Experiments.Search;

namespace Experiments.Bench;

/// <summary>
/// sampler-overhead: time per suggestion with 100, 1,000 and 10,000 completed trials and 1, 8 and 16 float
/// parameters, for our samplers and Optuna's in the same run. Each point: a history of that many completed trials
/// (uniform parameters on [-5, 5], uniform values), then the median of several suggestions against that same
/// history (Optuna: ask plus suggest_float per parameter, each told FAIL so the history does not grow).
/// </summary>
internal static class SamplerOverheadBenchmark
{
    public const string Name = "sampler-overhead";
    private static readonly int[] HistorySizes = [100, 1_000, 10_000];
    private static readonly int[] ParameterCounts = [1, 8, 16];
    private static readonly (string Ours, string Optuna)[] Samplers = [("tpe", "tpe"), ("cmaes", "cmaes"), ("random", "random")];

    public static Task<int> RunAsync(BenchOptions options)
    {
        var (versions, problem) = OptunaSide.Probe();
        if (versions is null)
        {
            Console.Error.WriteLine($"[bench] Optuna is needed as the baseline: {problem}");
            return Task.FromResult(1);
        }

        var (load, quiet) = Machine.WaitForQuiet(options.LoadThreshold, options.MaxWait, Console.Error);
        var rows = new List<Row>();
        foreach (var (ours, optuna) in Samplers)
        {
            foreach (var parameters in ParameterCounts)
            {
                foreach (var trials in HistorySizes)
                {
                    var ourMs = Ours(ours, trials, parameters, repeats: 21);
                    var optunaRepeats = trials >= 10_000 ? 5 : 11;
                    var answer = OptunaSide.Call(new JsonObject
                    {
                        ["mode"] = "overhead", ["sampler"] = optuna, ["trials"] = trials, ["params"] = parameters, ["repeats"] = optunaRepeats, ["seed"] = 1,
                    });
                    var optunaMs = answer["median_ms"]!.GetValue<double>();
                    rows.Add(new Row(ours, parameters, trials, ourMs, optunaMs));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] {ours} {parameters} params {trials} trials: ours {ourMs:F3} ms, Optuna {optunaMs:F3} ms"));
                }
            }
        }

        var markdown = Report(options, rows, versions, load, quiet);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return Task.FromResult(0);
    }

    /// <summary>Median milliseconds per suggestion of our sampler against a history of <paramref name="trials"/> completed trials.</summary>
    private static double Ours(string sampler, int trials, int parameters, int repeats)
    {
        var space = new SearchSpace(Enumerable.Range(0, parameters).Select(i => new ParameterDefinition($"x{i}", new UniformDistribution(-5, 5))).ToList());
        var random = new Random(1);
        var history = new List<TrialObservation>(trials);
        for (var trial = 0; trial < trials; trial++)
        {
            var values = space.Parameters.ToDictionary(p => p.Name, _ => ParameterValue.Float(-5 + (10 * random.NextDouble())), StringComparer.Ordinal);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, random.NextDouble()));
        }

        var subject = SamplerRegistry.Create(sampler, SamplerSettings.Default(1));
        // Warm-up until tiered compilation has settled (a sweep's orchestrator is a long-lived process): at least 30
        // suggestions and half a second.
        var warmUp = Stopwatch.StartNew();
        for (var w = 0; w < 30 || warmUp.ElapsedMilliseconds < 500; w++)
        {
            subject.Suggest(space, trials + repeats + w, history);
        }

        var times = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            subject.Suggest(space, trials + r, history);
            times[r] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    private static string Report(BenchOptions options, List<Row> rows, string versions, double load, bool quiet)
    {
        var text = new StringBuilder();
        text.AppendLine("## Sampler overhead (ours vs Optuna, same run)");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine.Describe(1)}; baseline {versions} (Debian's python3-optuna). Load average {load:F2} when measuring began{(quiet ? string.Empty : " (the machine never got quiet: numbers are noisier)")}."));
        text.AppendLine();
        text.AppendLine($"Command: `{options.CommandLine}`");
        text.AppendLine();
        text.AppendLine("Milliseconds per suggestion (median; ours of 21, Optuna's of 11, or 5 at 10,000 trials) with a history of completed trials, all parameters floats on [-5, 5]; Optuna's time includes `study.ask()`, which copies the history from its in-memory storage, as a sweep's suggestion does. Speed-up = Optuna ÷ ours.");
        text.AppendLine();
        text.AppendLine("| sampler | parameters | completed trials | ours (ms) | Optuna (ms) | speed-up | ours at this size ÷ ours at 1,000 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var atThousand = rows.Single(r => r.Sampler == row.Sampler && r.Parameters == row.Parameters && r.Trials == 1_000).OursMs;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Sampler} | {row.Parameters} | {row.Trials:N0} | {row.OursMs:F3} | {row.OptunaMs:F2} | {row.OptunaMs / row.OursMs:F0}x | {row.OursMs / atThousand:F2} |"));
        }

        return text.ToString();
    }

    private sealed record Row(string Sampler, int Parameters, int Trials, double OursMs, double OptunaMs);
}
