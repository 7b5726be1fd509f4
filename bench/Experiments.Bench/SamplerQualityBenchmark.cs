using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Search;

namespace Experiments.Bench;

/// <summary>
/// sampler-quality: the best value found after 100 and 200 evaluations on branin, hartmann6, 10-D rosenbrock and
/// 10-D sphere (minimised), over seeds 0..9, for our samplers and Optuna's in the same run, one trial at a time.
/// Both sides evaluate the same formulas (checked at fixed points before measuring).
/// </summary>
internal static class SamplerQualityBenchmark
{
    public const string Name = "sampler-quality";
    private const int Evaluations = 200;
    private const int Checkpoint = 100;
    private static readonly string[] Functions = ["branin", "hartmann6", "rosenbrock10", "sphere10"];

    private static readonly (string Label, string Sampler, (string, ParameterValue)[] Options)[] OurSamplers =
    [
        ("ours: random", "random", []),
        ("ours: sobol", "sobol", []),
        ("ours: tpe", "tpe", []),
        ("ours: tpe multivariate", "tpe", [("multivariate", ParameterValue.Bool(true))]),
        ("ours: cmaes", "cmaes", []),
        ("ours: gp", "gp", []),
    ];

    private static readonly (string Label, string Sampler)[] OptunaSamplers =
    [
        ("Optuna: random", "random"),
        ("Optuna: tpe", "tpe"),
        ("Optuna: tpe multivariate", "tpe-multivariate"),
        ("Optuna: cmaes", "cmaes"),
    ];

    public static Task<int> RunAsync(BenchOptions options)
    {
        // --samplers and --functions run a part, for a quick look while tuning; only the whole run goes into the document.
        var filtered = options.Samplers is not null || options.Functions is not null;
        if (filtered && options.WritePath is not null)
        {
            Console.Error.WriteLine("[bench] --write needs the whole benchmark: leave out --samplers and --functions");
            return Task.FromResult(2);
        }

        var functions = Functions.Where(f => options.Functions is null || options.Functions.Contains(f, StringComparer.Ordinal)).ToList();
        var ourSamplers = OurSamplers.Where(s => Selected(options, s.Label)).ToList();
        var optunaSamplers = OptunaSamplers.Where(s => Selected(options, s.Label)).ToList();
        if (functions.Count == 0 || ourSamplers.Count + optunaSamplers.Count == 0)
        {
            Console.Error.WriteLine($"[bench] nothing selected: functions are {string.Join(", ", Functions)}; samplers {string.Join(", ", OurSamplers.Select(s => s.Label).Concat(OptunaSamplers.Select(s => s.Label)))}");
            return Task.FromResult(2);
        }

        // Optuna is needed whenever one of its samplers runs (always, for the whole benchmark).
        var versions = "no Optuna sampler selected";
        if (optunaSamplers.Count > 0)
        {
            var (found, problem) = OptunaSide.Probe();
            if (found is null)
            {
                Console.Error.WriteLine($"[bench] Optuna is needed as the baseline: {problem}");
                return Task.FromResult(1);
            }

            versions = found;
            if (SameFormulas() is { } mismatch)
            {
                Console.Error.WriteLine($"[bench] the two sides' test functions differ: {mismatch}");
                return Task.FromResult(1);
            }
        }

        var seeds = options.Seeds ?? 10;
        var results = new List<Result>();
        foreach (var function in functions)
        {
            foreach (var (label, sampler, samplerOptions) in ourSamplers)
            {
                var watch = Stopwatch.StartNew();
                var runs = Enumerable.Range(0, seeds).Select(seed => Ours(function, sampler, samplerOptions, seed)).ToList();
                results.Add(new Result(function, label, runs, watch.Elapsed.TotalSeconds));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] {function} {label}: median best {Median(runs.Select(r => r.Min()))} ({watch.Elapsed.TotalSeconds:F1} s)"));
            }

            foreach (var (label, sampler) in optunaSamplers)
            {
                var watch = Stopwatch.StartNew();
                var answer = OptunaSide.Call(new JsonObject { ["mode"] = "quality", ["function"] = function, ["sampler"] = sampler, ["evaluations"] = Evaluations, ["seeds"] = seeds });
                var runs = answer.AsArray().Select(run => OptunaSide.Doubles(run!["values"]!)).ToList();
                results.Add(new Result(function, label, runs, watch.Elapsed.TotalSeconds));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] {function} {label}: median best {Median(runs.Select(r => r.Min()))} ({watch.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        var markdown = Report(options, results, versions, seeds);
        Console.WriteLine(markdown);
        if (options.WritePath is { } path)
        {
            BenchmarksDocument.WriteSection(path, Name, markdown);
            Console.Error.WriteLine($"[bench] updated section '{Name}' of {path}");
        }

        return Task.FromResult(0);
    }

    /// <summary>The value of every evaluation, in order, of one sequential run of our sampler.</summary>
    private static double[] Ours(string functionName, string sampler, (string Name, ParameterValue Value)[] samplerOptions, int seed)
    {
        var function = TestFunctions.Find(functionName)!;
        var space = Space(function);
        var settings = new SamplerSettings(seed, ObjectiveGoal.Minimize, new AlgorithmOptions(samplerOptions.Select(o => KeyValuePair.Create(o.Name, o.Value))));
        var subject = SamplerRegistry.Create(sampler, settings);
        var history = new List<TrialObservation>(Evaluations);
        var point = new double[function.Bounds.Count];
        for (var trial = 0; trial < Evaluations; trial++)
        {
            var values = subject.Suggest(space, trial, history);
            for (var d = 0; d < point.Length; d++)
            {
                point[d] = values[$"x{d}"].Number;
            }

            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, function.Evaluate(point)));
        }

        return history.Select(t => t.Objective!.Value).ToArray();
    }

    /// <summary>One uniform float x0..x(d-1) per coordinate over its bounds (the scheduler benchmark draws from it too).</summary>
    internal static SearchSpace Space(ITestFunction function) =>
        new(function.Bounds.Select((b, d) => new ParameterDefinition($"x{d}", new UniformDistribution(b.Low, b.High))).ToList());

    /// <summary>Null when both sides give the same values at the minimiser, the corners and a fixed interior point.</summary>
    private static string? SameFormulas()
    {
        var points = new JsonObject();
        var ours = new Dictionary<string, double[]>();
        foreach (var name in Functions)
        {
            var function = TestFunctions.Find(name)!;
            double[][] probes =
            [
                function.Minimiser.ToArray(),
                function.Bounds.Select(b => b.Low).ToArray(),
                function.Bounds.Select(b => b.High).ToArray(),
                function.Bounds.Select((b, d) => b.Low + ((b.High - b.Low) * (0.1 + (0.07 * d)))).ToArray(),
            ];
            points[name] = OptunaSide.Array(probes.Select(p => (JsonNode)OptunaSide.Array(p.Select(v => (JsonNode)JsonValue.Create(v)))));
            ours[name] = probes.Select(p => function.Evaluate(p)).ToArray();
        }

        var theirs = OptunaSide.Call(new JsonObject { ["mode"] = "evaluate", ["points"] = points });
        foreach (var (name, values) in ours)
        {
            var other = OptunaSide.Doubles(theirs[name]!);
            for (var i = 0; i < values.Length; i++)
            {
                if (Math.Abs(values[i] - other[i]) > 1e-9 * Math.Max(1, Math.Abs(values[i])))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{name} probe {i}: ours {values[i]}, Optuna's {other[i]}");
                }
            }
        }

        return null;
    }

    private static string Report(BenchOptions options, List<Result> results, string versions, int seeds)
    {
        var text = new StringBuilder();
        text.AppendLine("## Sampler quality (ours vs Optuna, same run)");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine.Describe(1)}; baseline {versions} (Debian's python3-optuna), every sampler with its defaults (TPE: 10 random startup trials, 24 candidates; GP: 10 Sobol' startup trials, 512 candidates)."));
        text.AppendLine();
        text.AppendLine($"Command: `{options.CommandLine}`");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Best value found (minimising) after {Checkpoint} and {Evaluations} sequential evaluations: median over seeds 0-{seeds - 1} and, in brackets, the 25th-75th percentiles. Known minima: branin 0.397887, hartmann6 -3.32237, rosenbrock10 0, sphere10 0 (rosenbrock on [-5, 10]^10, sphere on [-5.12, 5.12]^10). Seconds: the whole {seeds}-seed run, sampler and function together."));
        text.AppendLine();
        text.AppendLine($"| function | sampler | best after {Checkpoint} | best after {Evaluations} | seconds |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Function} | {result.Sampler} | {Summary(result.Runs, Checkpoint)} | {Summary(result.Runs, Evaluations)} | {result.Seconds:F1} |"));
        }

        text.AppendLine();
        foreach (var function in Functions)
        {
            if (results.SingleOrDefault(r => r.Function == function && r.Sampler == "ours: tpe") is not { } ours
                || results.SingleOrDefault(r => r.Function == function && r.Sampler == "Optuna: tpe") is not { } theirs)
            {
                continue;
            }

            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"* {function}: our TPE's median best after {Evaluations} is {Median(ours.Runs.Select(r => r.Min()))}, Optuna's TPE's {Median(theirs.Runs.Select(r => r.Min()))}."));
        }

        return text.ToString();
    }

    private static bool Selected(BenchOptions options, string label) =>
        options.Samplers is null || options.Samplers.Any(term => label.Contains(term, StringComparison.OrdinalIgnoreCase));

    private static string Summary(IReadOnlyList<double[]> runs, int evaluations)
    {
        var best = runs.Select(r => r.Take(evaluations).Min()).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Format(Percentile(best, 0.5))} [{Format(Percentile(best, 0.25))}, {Format(Percentile(best, 0.75))}]");
    }

    private static string Median(IEnumerable<double> values) => Format(Percentile(values.Order().ToArray(), 0.5));

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }

    private static string Format(double value) => Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    private sealed record Result(string Function, string Sampler, IReadOnlyList<double[]> Runs, double Seconds);
}
