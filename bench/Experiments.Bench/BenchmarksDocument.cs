using System.Text;

namespace Experiments.Bench;

/// <summary>
/// docs/benchmarks.md: an introduction followed by one section per benchmark, each between
/// &lt;!-- bench:NAME:begin --&gt; and &lt;!-- bench:NAME:end --&gt;. Writing a section replaces only that section.
/// </summary>
internal static class BenchmarksDocument
{
    private const string Introduction = """
        # Benchmarks

        Benchmark programs live in `bench/Experiments.Bench`; each benchmark runs with one command and,
        with `--write docs/benchmarks.md`, replaces its own section below with freshly measured numbers.
        Timings are never asserted in tests.

        | benchmark | command | what it measures | baseline |
        |---|---|---|---|
        | `vae-training` | `dotnet run -c Release --project bench/Experiments.Bench -- vae-training --write docs/benchmarks.md` | optimiser steps/s of the VAE (batch 64, >= 3,000 steps) and process RSS every 250 steps | a bare TorchSharp loop in the bench itself: the same architecture, loss (BCE with logits + KL), Adam and batch size, one dispose scope per step, nothing else |
        | `sweep-overhead` | `dotnet run -c Release --project bench/Experiments.Bench -- sweep-overhead --write docs/benchmarks.md` | wall time of a real 6-trial sweep through the embedded cluster (Orleans silo, in-memory bus, one worker slot, MLflow file store in a temp folder) against the time the trials spent training | the sum of the trials' own run time (FinishedAt - StartedAt recorded by the trial grains): what a sweep would take with zero orchestration cost |
        | `sampler-overhead` | `dotnet run -c Release --project bench/Experiments.Bench -- sampler-overhead --write docs/benchmarks.md` | milliseconds per suggestion of our TPE, CMA-ES and random samplers with 100, 1,000 and 10,000 completed trials and 1, 8 and 16 float parameters (median of 21 after a warm-up) | Optuna 3.1 (Debian's `python3-optuna`, run by `bench/optuna/optuna_side.py` in the same run): `study.ask()` plus one `suggest_float` per parameter against the same kind of history |
        | `sampler-quality` | `dotnet run -c Release --project bench/Experiments.Bench -- sampler-quality --write docs/benchmarks.md` (`--seeds N`, default 10) | best value after 100 and 200 sequential evaluations of branin, hartmann6, 10-D rosenbrock and 10-D sphere, median and quartiles over the seeds, for our random, Sobol', TPE, multivariate TPE and CMA-ES | Optuna 3.1's random, TPE, multivariate TPE and CMA-ES on the same formulas (checked to agree at fixed points first), same budgets and seeds |
        | `scheduler-compute` | `dotnet run -c Release --project bench/Experiments.Bench -- scheduler-compute --write docs/benchmarks.md` (`--seeds N`, default 10) | epochs summed until a completed trial is within 1 % of the best final value, for ASHA, Hyperband and median stopping fed the `function` model's simulated learning curves (with noise) of 200 random-search trials | random search training every trial fully on the same trials |
        | `sweep-scale` | `dotnet run -c Release --project bench/Experiments.Bench -- sweep-scale --write docs/benchmarks.md` (`--trials N`, default 100,000) | a sweep of 100,000 no-work trials (`function`, tracking off) to the end: ms per trial in windows of 1,000 completions at 1,000, 10,000, 50,000 and the end, the process's memory, and the size of the sweep's state files | the same sweep's cost per trial at trial 1,000 (goal: at trial 100,000 within 2x) |
        | `cluster-overhead` | `dotnet run -c Release --project bench/Experiments.Bench -- cluster-overhead --write docs/benchmarks.md` (`--trials N`, default 10,000; needs `dotnet build Experiments.sln -c Release`, Redis and RabbitMQ, started with `deploy/scripts` when they do not answer) | the README's cluster measured from outside through the REST API (2 silos on Redis, 2 four-slot CPU workers on RabbitMQ, each its own process; tracking on, MLflow file store): orchestration overhead per trial over 10,000 one-result no-work trials (wall ÷ trials), intermediate results ingested per second (16 trials x 2,000 epochs, checked in mlruns), CPU seconds of each process per trial and per result, dispatch latency p50/p99 (trial grain's dispatch → worker's start), the processes' RSS | goals: < 5 ms per trial, >= 5,000 results/s; Ray Tune's published figures (10,000 one-second trials on 16 CPUs in 715.27 s against a 625 s minimum; about 1,000 results/s per node with logging); a raw RabbitMQ request/response round trip in the same run as the dispatch floor |

        Rules: before each measurement the program waits until the 1-minute load average is below 1.5
        (polling every 20 s, giving up after 15 minutes, and then recording the load next to the numbers);
        memory is judged over thousands of steps (slope of RSS after warm-up), not a few. Options:
        `--threads N` (torch intra-op threads, default all cores), `--min-steps`, `--warmup-steps`,
        `--trials`, `--load-threshold`, `--max-wait-minutes`. Run from the repository root.

        "Ratio to baseline" is product ÷ baseline for throughput (1.00 = no cost) and wall ÷ baseline for
        the sweep (1.00 = no orchestration overhead).

        """;

    /// <summary>A section's heading and its machine, date and command lines (<paramref name="dateNote"/> follows the date).</summary>
    public static void AppendHeading(StringBuilder sb, string name, BenchOptions options, string? dateNote = null)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"## {name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe(options.Threads)}");
        sb.AppendLine(inv, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{dateNote}");
        sb.AppendLine(inv, $"- Command: `{options.CommandLine}`");
    }

    public static void WriteSection(string path, string name, string markdown)
    {
        var begin = $"<!-- bench:{name}:begin -->";
        var end = $"<!-- bench:{name}:end -->";
        var section = $"{begin}\n{markdown.TrimEnd()}\n{end}";
        var text = File.Exists(path) ? File.ReadAllText(path) : Introduction.ReplaceLineEndings("\n");
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        string updated;
        if (start >= 0 && stop > start)
        {
            updated = string.Concat(text.AsSpan(0, start), section, text.AsSpan(stop + end.Length));
        }
        else
        {
            var builder = new StringBuilder(text.TrimEnd()).Append("\n\n").Append(section).Append('\n');
            updated = builder.ToString();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated.EndsWith('\n') ? updated : updated + "\n");
    }
}
