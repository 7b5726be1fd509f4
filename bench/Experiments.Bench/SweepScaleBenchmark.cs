using System.Diagnostics;
using System.Globalization;
using System.Text;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;
using Experiments.Hosting;
using Experiments.Specs;
using Experiments.Tracking.Outbox;
using Experiments.Training.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Experiments.Bench;

/// <summary>
/// sweep-scale: one sweep of 100,000 trials of the <c>function</c> model (nothing trained, no wall time per epoch)
/// through the embedded node, as <c>experiments run</c> composes it, with tracking off. It answers whether a sweep
/// that size runs to the end with a per-trial orchestration cost that does not grow with the trials done (the cost
/// per trial in windows of 1,000 completions, early against late), with grain state writes that stay bounded (the
/// sweep's own state file against its pages), and how much memory the silo holds.
/// </summary>
internal static class SweepScaleBenchmark
{
    public const string Name = "sweep-scale";
    public const int DefaultTrials = 100_000;
    private const int Workers = 4;
    private const int Parallel = 8;
    private const int Window = 1_000;
    private const double Goal = 2.0;
    private static readonly int[] FixedWindowStarts = [1_000, 10_000, 50_000];

    // A snapshot copies every trial: polling faster would measure the polling.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var trials = options.TrialsOption ?? DefaultTrials;
        var writePath = options.WritePath is null ? null : Path.GetFullPath(options.WritePath);
        var (load, quiet) = Machine.WaitForQuiet(options.LoadThreshold, options.MaxWait, Console.Error);

        var root = Directory.CreateTempSubdirectory("experiments-bench-scale-").FullName;
        var previousDirectory = Directory.GetCurrentDirectory();
        var previousTracking = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI");
        Measurement m;
        bool mlrunsAppeared;
        try
        {
            // If anything still wrote to MLflow's file store it would land here, where the check below sees it.
            Environment.SetEnvironmentVariable("MLFLOW_TRACKING_URI", Path.Combine(root, "mlruns"));
            Directory.SetCurrentDirectory(root);
            m = await MeasureAsync(root, trials);
            mlrunsAppeared = Directory.EnumerateDirectories(root, "mlruns", SearchOption.AllDirectories).Any();
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            Environment.SetEnvironmentVariable("MLFLOW_TRACKING_URI", previousTracking);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }

        var problems = Problems(m, trials, mlrunsAppeared);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"[bench] {problem}");
            }

            return 1;
        }

        var markdown = Report(options, m, trials, load, quiet);
        Console.WriteLine(markdown);
        if (writePath is not null)
        {
            BenchmarksDocument.WriteSection(writePath, Name, markdown);
            await Console.Error.WriteLineAsync($"[bench] updated section '{Name}' of {writePath}");
        }

        return 0;
    }

    private static string Spec(int trials) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by bench/Experiments.Bench (sweep-scale): trials that cost nothing (seconds_per_epoch 0, the
        # default), so that what the sweep takes is orchestration.
        name: bench-sweep-scale
        model: function
        dataset: sphere2
        objective:
          metric: value
          goal: minimize
        budget:
          max_trials: {{trials}}
          parallel: {{Parallel}}
          epochs: 1
        search:
          algorithm: random
          seed: 1
        parameters:
          x1: {type: uniform, min: -5, max: 5}
          x2: {type: uniform, min: -5, max: 5}
        """);

    private static async Task<Measurement> MeasureAsync(string root, int trials)
    {
        var parsed = SweepSpecParser.Parse(Spec(trials), "scale.yaml", ModelFamilies.Catalog);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException("The benchmark's spec is invalid: " + string.Join("; ", parsed.Errors.Select(e => e.ToString())));
        }

        var stateDirectory = Path.Combine(root, ".experiments");
        var stateRoot = Path.Combine(stateDirectory, "state");
        var builder = EmbeddedNode.CreateBuilder(new EmbeddedNodeOptions(stateDirectory, Workers: Workers, Device: "cpu"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var discarding = new DiscardingTrackingOutbox();
        // Registered after the node: the last registration of a service is the one resolved.
        builder.Services.AddSingleton<ITrackingOutbox>(discarding);
        using var host = builder.Build();
        if (!ReferenceEquals(host.Services.GetRequiredService<ITrackingOutbox>(), discarding))
        {
            throw new InvalidOperationException("The node does not resolve the discarding tracking outbox.");
        }

        await host.StartAsync(CancellationToken.None);
        var collectionAge = host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge;
        var rssStart = Machine.RssMiB();
        var liveStart = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);

        var samples = new List<ScaleSample>();
        SweepSnapshot snapshot;
        DateTimeOffset sweepStartedAt;
        int? activations;
        TrackingOutboxStatus realOutbox;
        Guid sweepId;
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var clock = Stopwatch.StartNew();
            sweepStartedAt = DateTimeOffset.UtcNow;
            var started = await grains.GetGrain<IExperimentGrain>(parsed.Spec!.Name).StartSweepAsync(parsed.Spec.ToDefinition(), resumeUnfinished: false);
            sweepId = started.SweepId;
            var sweep = grains.GetGrain<ISweepGrain>(sweepId);
            string? sweepFile = null;
            while (true)
            {
                await Task.Delay(PollInterval);
                snapshot = await sweep.GetSnapshotAsync();
                sweepFile ??= SweepStateFiles.SweepFile(stateRoot, sweepId);
                var sample = new ScaleSample(
                    clock.Elapsed.TotalSeconds,
                    snapshot.Trials.Count(t => t.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned),
                    Machine.RssMiB(),
                    GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0),
                    sweepFile is not null && File.Exists(sweepFile) ? new FileInfo(sweepFile).Length : 0);
                var previous = samples.Count > 0 ? samples[^1] : new ScaleSample(0, 0, rssStart, liveStart, 0);
                samples.Add(sample);
                await Console.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"[bench] {sample.Seconds,6:F0} s: {sample.Finished,7} of {trials} trials done, {(sample.Finished - previous.Finished) / (sample.Seconds - previous.Seconds),6:F1} trials/s, RSS {sample.RssMiB:F0} MiB, managed {sample.ManagedMiB:F0} MiB, sweep state {sample.SweepFileBytes / 1024.0:F1} KiB"));
                if (snapshot.IsFinished)
                {
                    break;
                }
            }

            activations = await ActivationsAsync(grains);
            realOutbox = host.Services.GetRequiredService<TrackingOutbox>().Status;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        var rssEnd = samples[^1].RssMiB;
        var managedEnd = samples[^1].ManagedMiB;
        var liveEnd = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
        var files = SweepStateFiles.Measure(stateRoot, sweepId);
        return new Measurement(
            snapshot, sweepStartedAt, samples, rssStart, Machine.PeakRssMiB(), rssEnd, managedEnd, liveStart, liveEnd,
            files, discarding.RunsCreated, discarding.Items, realOutbox, activations, collectionAge);
    }

    /// <summary>Grain activations alive in the silo when the sweep ends (what its memory holds); null if the silo does not say.</summary>
    private static async Task<int?> ActivationsAsync(IGrainFactory grains)
    {
        try
        {
            return await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"[bench] activation count unavailable: {exception.Message}");
            return null;
        }
    }

    private static List<string> Problems(Measurement m, int trials, bool mlrunsAppeared)
    {
        var problems = new List<string>();
        if (m.Snapshot.Status != SweepStatus.Completed)
        {
            problems.Add($"sweep ended {m.Snapshot.Status}: {m.Snapshot.Reason}");
        }

        var notCompleted = m.Snapshot.Trials.Where(t => t.Status != TrialStatus.Completed).ToList();
        if (m.Snapshot.Trials.Count != trials || notCompleted.Count > 0)
        {
            problems.Add($"{m.Snapshot.Trials.Count} trials, {notCompleted.Count} not completed: {string.Join(", ", notCompleted.Take(10).Select(t => $"{t.Number} {t.Status} {t.Error}"))}");
        }

        // One run per trial and the sweep's parent run: fewer means something wrote to another outbox.
        if (m.RunsDiscarded < trials + 1)
        {
            problems.Add($"the discarding outbox saw {m.RunsDiscarded} runs for {trials} trials: the grains or the worker resolved another outbox");
        }

        if (m.RealOutbox.Pending > 0 || m.RealOutbox.Delivered > 0 || m.RealOutbox.Dropped > 0)
        {
            problems.Add($"the node's own tracking outbox was used: {m.RealOutbox}");
        }

        if (mlrunsAppeared)
        {
            problems.Add("an mlruns folder appeared: something wrote to MLflow's file store");
        }

        return problems;
    }

    private static List<WindowCost> Windows(IReadOnlyList<DateTimeOffset> finished)
    {
        // Completion k is finished[k - 1]; a window starting at k spans completions k to k + Window.
        return FixedWindowStarts.Append(finished.Count - Window)
            .Where(start => start >= 1 && start + Window <= finished.Count)
            .Distinct()
            .Order()
            .Select(start => new WindowCost(start, (finished[start + Window - 1] - finished[start - 1]).TotalMilliseconds / Window))
            .ToList();
    }

    private static string Report(BenchOptions options, Measurement m, int trials, double load, bool quiet)
    {
        var inv = CultureInfo.InvariantCulture;
        var finished = m.Snapshot.Trials.Select(t => t.FinishedAt!.Value).Order().ToList();
        var windows = Windows(finished);
        var wall = (finished[^1] - m.SweepStartedAt).TotalSeconds;
        var first = windows.FirstOrDefault(w => w.Start == FixedWindowStarts[0]);
        var last = windows.Count > 0 ? windows[^1] : null;
        var ratio = first is not null && last is not null ? last.MsPerTrial / first.MsPerTrial : double.NaN;
        var f = m.Files;
        var maxSweepFile = m.Samples.Max(s => s.SweepFileBytes);
        const double KiB = 1024.0;
        const double MiB = 1024.0 * 1024.0;

        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## {Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe(1)}; libtorch is not even loaded (the function model trains nothing)");
        sb.AppendLine(inv, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(inv, $"- Command: `{options.CommandLine}`");
        sb.AppendLine(inv, $"- Setup: embedded node as `experiments run` composes it (one Orleans silo with file grain storage, in-memory MassTransit bus, {Workers} worker slots in the same process, logging at Warning); one sweep of {trials:N0} trials of `function` on sphere2 (x1, x2 uniform in [-5, 5], 1 epoch, seconds_per_epoch 0: a trial costs nothing, so the sweep's time is orchestration), random search, parallel {Parallel}; the sweep's snapshot, RSS and managed heap read every {PollInterval.TotalSeconds:F0} s.");
        sb.AppendLine(inv, $"- Tracking is OFF: a bench-only outbox discards every MLflow write ({m.RunsDiscarded:N0} runs, {m.ItemsDiscarded:N0} items in all; the node's own outbox got none and no mlruns folder appeared). {trials:N0} runs in MLflow's file store would be millions of files and would measure the disk; the outbox's cost per trial is what `sweep-overhead` includes.");
        sb.AppendLine(inv, $"- 1-minute load average at start: {load:F2}{(quiet ? string.Empty : " (NOT quiet: gave up waiting)")} (threshold {options.LoadThreshold:F1}).");
        sb.AppendLine();
        sb.AppendLine(inv, $"**Ran to the end**: {trials:N0} of {trials:N0} trials completed in {wall:F0} s ({trials / wall:F1} trials/s; StartSweepAsync called → last trial's FinishedAt).");
        sb.AppendLine();
        sb.AppendLine("| window (completions) | seconds | ms per trial |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var window in windows)
        {
            sb.AppendLine(inv, $"| {window.Start:N0} to {window.Start + Window:N0} | {window.MsPerTrial * Window / 1000:F2} | {window.MsPerTrial:F2} |");
        }

        sb.AppendLine();
        sb.AppendLine(double.IsNaN(ratio)
            ? string.Create(inv, $"Ratio of the last window to the one at completion {FixedWindowStarts[0]:N0}: not measured (fewer than {FixedWindowStarts[0] + Window:N0} trials).")
            : string.Create(inv, $"**Ratio** of the last window (completion {last!.Start:N0}) to the one at completion {FixedWindowStarts[0]:N0}: **{ratio:F2}** (goal <= {Goal:F0}: {(ratio <= Goal ? "met" : "NOT met")}). Windows between are shown where the sweep reaches them; ms per trial = the window's duration (FinishedAt of its last completion − of its first, as the trial grains recorded them) ÷ {Window:N0}, with {Parallel} trials in flight."));
        sb.AppendLine();
        sb.AppendLine("Memory of the process (silo, bus and worker slots together):");
        sb.AppendLine();
        sb.AppendLine(inv, $"- RSS: {m.RssStart:F0} MiB with the node started, {m.RssEnd:F0} MiB when the sweep finished, peak {m.RssPeak:F0} MiB; that is {(m.RssEnd - m.RssStart) * KiB / trials:F1} KiB per trial.");
        sb.AppendLine(inv, $"- Managed heap at the end: {m.ManagedEnd:F0} MiB (garbage included), {m.LiveEnd:F0} MiB live after a full collection ({m.LiveStart:F0} MiB before the sweep): {(m.LiveEnd - m.LiveStart) * KiB / trials:F1} KiB per trial held.");
        sb.AppendLine(inv, $"- Grain activations alive at the end: {(m.Activations is { } count ? count.ToString("N0", inv) : "unknown")} (Orleans collects an idle activation after {m.CollectionAge.TotalMinutes:F0} min: trials finished earlier than that have been let go, later ones are still held). The sweep grain itself keeps every trial's summary in memory.");
        sb.AppendLine();
        sb.AppendLine("| seconds | trials finished | trials/s since previous row | RSS MiB | managed MiB | sweep's own state file KiB |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|");
        ScaleSample? previousRow = null;
        foreach (var sample in Spread(m.Samples, 12))
        {
            var rate = previousRow is null ? sample.Finished / sample.Seconds : (sample.Finished - previousRow.Finished) / (sample.Seconds - previousRow.Seconds);
            sb.AppendLine(inv, $"| {sample.Seconds:F0} | {sample.Finished:N0} | {rate:F1} | {sample.RssMiB:F0} | {sample.ManagedMiB:F0} | {sample.SweepFileBytes / KiB:F1} |");
            previousRow = sample;
        }

        sb.AppendLine();
        sb.AppendLine("Grain state files at the end:");
        sb.AppendLine();
        sb.AppendLine(inv, $"- The sweep's own state file: {f.SweepBytes / KiB:F1} KiB at the end, at most {maxSweepFile / KiB:F1} KiB when sampled during the run (it holds the definition and the trials that may still change, the active ones; finished trials go into pages of {SweepGrain.PageSize}, and those after the last page are read back from their own grains: what every save of the sweep writes, whatever its size).");
        sb.AppendLine(inv, $"- Its pages: {f.Pages:N0} files, {f.PageBytes / MiB:F1} MiB in all ({(f.Pages == 0 ? 0 : f.PageBytes / KiB / f.Pages):F1} KiB each, each written once).");
        sb.AppendLine(inv, $"- Trial state files: {f.TrialFiles:N0}, {f.TrialBytes / MiB:F1} MiB in all ({(f.TrialFiles == 0 ? 0 : f.TrialBytes / (double)f.TrialFiles):F0} bytes each); other state files (experiment, registries): {f.OtherFiles}, {f.OtherBytes / KiB:F1} KiB.");
        sb.AppendLine();
        sb.AppendLine("What is and is not measured: the orchestration of one silo with an in-memory bus and its worker slots in the same process (sampling, trial grains, state files, bus round trips), with tracking off and trials that do no work. Not measured: MLflow (tracking off), RabbitMQ and a silo apart from its workers (a separate benchmark), and real training, beside which these milliseconds per trial vanish. The polling (one snapshot of every trial every 10 s) runs in the same process and is included.");
        return sb.ToString();
    }

    /// <summary>At most <paramref name="rows"/> samples spread evenly over the run, the first and the last included.</summary>
    private static IEnumerable<ScaleSample> Spread(IReadOnlyList<ScaleSample> samples, int rows)
    {
        if (samples.Count <= rows)
        {
            return samples;
        }

        return Enumerable.Range(0, rows).Select(i => samples[(int)Math.Round(i * (samples.Count - 1) / (double)(rows - 1))]).Distinct();
    }

    private sealed record WindowCost(int Start, double MsPerTrial);

    private sealed record Measurement(
        SweepSnapshot Snapshot,
        DateTimeOffset SweepStartedAt,
        IReadOnlyList<ScaleSample> Samples,
        double RssStart,
        double RssPeak,
        double RssEnd,
        double ManagedEnd,
        double LiveStart,
        double LiveEnd,
        SweepStateFiles Files,
        long RunsDiscarded,
        long ItemsDiscarded,
        TrackingOutboxStatus RealOutbox,
        int? Activations,
        TimeSpan CollectionAge);
}
