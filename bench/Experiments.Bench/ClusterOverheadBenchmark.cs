using System.Diagnostics;
using System.Globalization;
using System.Text;
using Experiments.Grains.Messaging;

namespace Experiments.Bench;

/// <summary>
/// cluster-overhead: the README's cluster (two silos on Redis, two 4-slot CPU workers on RabbitMQ, MLflow's file store,
/// each its own process from the Release build) measured from outside through the REST API, as a user sees it. A sweep
/// of 16 trials x 2,000 epochs measures how many intermediate results per second travel worker → RabbitMQ → silo → trial
/// and sweep grains (and to MLflow through the workers' outboxes, checked on disk); a sweep of 10,000 one-result trials
/// that do no work measures the orchestration cost per trial and each attempt's dispatch latency (trial grain's decision
/// → worker's start), beside a raw RabbitMQ round trip on the same broker.
/// </summary>
internal static class ClusterOverheadBenchmark
{
    public const string Name = "cluster-overhead";
    public const int DefaultTrials = 10_000;
    private const int Parallel = 8;
    private const int IngestTrials = 16;
    private const int IngestEpochs = 2_000;
    private const double OverheadGoalMs = 5;
    private const double IngestGoalPerSecond = 5_000;
    private const int RoundTripWarmup = 200;
    private const int RoundTrips = 2_000;
    private const int MetricLinesShown = 2;

    // Ray Tune's scalability page (docs.ray.io/en/latest/tune/tutorials/tune-scalability.html), as published.
    private const int RayTrials = 10_000;
    private const double RayObservedSeconds = 715.27;
    private const double RayMinimumSeconds = 625;
    private const double RaySingleNodeResults = 96 * 10 * 100;
    private const double RaySingleNodeSeconds = 168.94;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var trials = options.TrialsOption ?? DefaultTrials;
        var writePath = options.WritePath is null ? null : Path.GetFullPath(options.WritePath);
        if (LocalCluster.MissingBuild() is { } missing)
        {
            await Console.Error.WriteLineAsync($"[bench] {missing}");
            return 2;
        }

        using var management = new RabbitMqManagement();
        if (await ClusterServices.EnsureRunningAsync(management, Console.Error) is { } unavailable)
        {
            await Console.Error.WriteLineAsync($"[bench] {unavailable}");
            return 1;
        }

        var (load, quiet) = Machine.WaitForQuiet(options.LoadThreshold, options.MaxWait, Console.Error);
        var root = Directory.CreateTempSubdirectory("experiments-bench-cluster-").FullName;
        Measurement m;
        try
        {
            await using (var cluster = await LocalCluster.StartAsync(root, management, Console.Error, StartTimeout))
            {
                m = await MeasureAsync(cluster, trials, await management.VersionAsync());
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            // The processes' logs stay in the temp folder, to see why.
            await Console.Error.WriteLineAsync($"[bench] {exception.Message}{Environment.NewLine}[bench] logs kept in {root}");
            return 1;
        }

        var problems = Problems(m, trials);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"[bench] {problem}");
            }

            await Console.Error.WriteLineAsync($"[bench] logs and mlruns kept in {root}");
            return 1;
        }

        DeleteQuietly(root);
        var markdown = Report(options, m, trials, load, quiet);
        Console.WriteLine(markdown);
        if (writePath is not null)
        {
            BenchmarksDocument.WriteSection(writePath, Name, markdown);
            await Console.Error.WriteLineAsync($"[bench] updated section '{Name}' of {writePath}");
        }

        return 0;
    }

    private static string Spec(string name, int trials, int epochs) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by bench/Experiments.Bench (cluster-overhead): trials that do no work (seconds_per_epoch 0), so that
        # what the sweep takes is orchestration.
        name: {{name}}
        model: function
        dataset: sphere2
        objective:
          metric: value
          goal: minimize
        budget:
          max_trials: {{trials}}
          parallel: {{Parallel}}
          epochs: {{epochs}}
        search:
          algorithm: random
          seed: 1
        parameters:
          x1: {type: uniform, min: -5, max: 5}
          x2: {type: uniform, min: -5, max: 5}
          seconds_per_epoch: 0
        """);

    private static async Task<Measurement> MeasureAsync(LocalCluster cluster, int trials, string? rabbitMqVersion)
    {
        using var api = new ExperimentsApiClient(cluster.SiloUrls[0], cluster.Token);
        var log = Console.Error;

        // While the cluster idles: the floor a dispatch cannot go below on this machine.
        await log.WriteLineAsync($"[bench] RabbitMQ round trips: {RoundTripWarmup} to warm up, {RoundTrips} measured");
        var roundTrips = await RabbitMqRoundTrip.MeasureAsync(cluster.Amqp, RoundTripWarmup, RoundTrips);

        // First, so that it also warms the processes up, and so that its MLflow backlog is delivered before the big sweep starts.
        await log.WriteLineAsync($"[bench] sweep 1: {IngestTrials} trials x {IngestEpochs} epochs");
        var cpuBeforeIngest = SampleCpu(cluster);
        var ingest = await RunSweepAsync(api, Spec("bench-cluster-ingest", IngestTrials, IngestEpochs), "bench-cluster-ingest.yaml", log);
        var ingestCpu = ProcessCpu.Difference(cpuBeforeIngest, SampleCpu(cluster));
        var runKeys = ingest.Trials.Select(t => t.RunKey).OfType<string>().ToList();
        await log.WriteLineAsync($"[bench] waiting for the outboxes to deliver the {runKeys.Count} runs' metrics to {cluster.MlrunsDirectory}");
        var (landed, drainSeconds) = await MlflowRunLines.WaitForAsync(cluster.MlrunsDirectory, runKeys, "value", IngestEpochs, DrainTimeout);

        await log.WriteLineAsync($"[bench] sweep 2: {trials:N0} one-result trials");
        var cpuBeforeOneResult = SampleCpu(cluster);
        var oneResult = await RunSweepAsync(api, Spec("bench-cluster-overhead", trials, 1), "bench-cluster-overhead.yaml", log);
        var oneResultCpu = ProcessCpu.Difference(cpuBeforeOneResult, SampleCpu(cluster));

        // Before the processes are killed.
        var memory = cluster.Silos.Concat(cluster.Workers).Select(p => new ProcessMemory(p.Name, p.Memory())).ToList();
        var oneResultRuns = oneResult.Trials.Select(t => t.RunKey).OfType<string>().ToList();
        var createdRuns = oneResultRuns.Count(key => MlflowRunLines.Read(cluster.MlrunsDirectory, key, "value").Status is not null);
        return new Measurement(roundTrips, ingest, landed, drainSeconds, oneResult, createdRuns, memory, rabbitMqVersion, ingestCpu, oneResultCpu);
    }

    private static IReadOnlyDictionary<string, double> SampleCpu(LocalCluster cluster) =>
        ProcessCpu.Sample(cluster.Silos.Concat(cluster.Workers).Select(p => (p.Name, p.Id)));

    private static async Task<ClusterSweepRun> RunSweepAsync(ExperimentsApiClient api, string yaml, string name, TextWriter log)
    {
        var submittedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var sweepId = await api.SubmitAsync(yaml, name);
        ClusterSweepState? state = null;
        while (state is not { IsFinished: true })
        {
            await Task.Delay(PollInterval);
            try
            {
                state = await api.GetSweepAsync(sweepId);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[bench] {clock.Elapsed.TotalSeconds,6:F0} s: {state.Status}, {state.Completed:N0} of {state.Total:N0} completed, {state.Running} running, {state.Pending} pending, {state.Failed} failed"));
            }
            catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                // A busy silo may answer 503 or late; the next poll asks again.
                await log.WriteLineAsync($"[bench] {clock.Elapsed.TotalSeconds:F0} s: poll failed: {exception.Message}");
            }
        }

        var seen = clock.Elapsed.TotalSeconds;
        var (trials, hasDispatchedAt, hasAttemptStartedAt) = await api.GetTrialsAsync(sweepId);
        return new ClusterSweepRun(sweepId, submittedAt, state, seen, trials, hasDispatchedAt, hasAttemptStartedAt);
    }

    private static List<string> Problems(Measurement m, int trials)
    {
        var problems = new List<string>();
        foreach (var (run, expected) in new[] { (m.Ingest, IngestTrials), (m.OneResult, trials) })
        {
            // A trial's epoch count in its grain may fall short (see LateReports); that is reported, not a failure.
            var notCompleted = run.Trials.Where(t => t.Status != "COMPLETED").ToList();
            if (run.Final.Status != "COMPLETED" || run.Trials.Count != expected || notCompleted.Count > 0)
            {
                problems.Add($"sweep {run.SweepId:N} ended {run.Final.Status} ({run.Final.Reason}) with {run.Trials.Count} of {expected} trials; not completed: {string.Join(", ", notCompleted.Take(10).Select(t => $"{t.Number} {t.Status}"))}");
            }
        }

        var incomplete = m.Landed.Where(r => r.Status != MlflowRunLines.Finished || r.Lines != IngestEpochs || r.DistinctSteps != IngestEpochs).ToList();
        if (m.Landed.Count != IngestTrials || incomplete.Count > 0)
        {
            problems.Add($"MLflow: {m.Landed.Count} runs found for {IngestTrials} trials after waiting {m.DrainSeconds:F0} s; incomplete: {string.Join(", ", incomplete.Take(5).Select(r => $"{r.RunKey} status {r.Status?.ToString(CultureInfo.InvariantCulture) ?? "none"}, {r.Lines} lines, {r.DistinctSteps} steps"))}");
        }

        return problems;
    }

    /// <summary>Milliseconds from the trial grain's dispatch to the worker's start of each attempt; null when the API does not say.</summary>
    private static (double[]? Sorted, string Source) DispatchLatencies(ClusterSweepRun run)
    {
        if (!run.ApiHasDispatchedAt)
        {
            return (null, "the API's TrialDetail has no DispatchedAt");
        }

        // AttemptStartedAt is the worker's clock; without it, StartedAt is.
        var source = run.ApiHasAttemptStartedAt ? "AttemptStartedAt − DispatchedAt" : "StartedAt − DispatchedAt";
        var latencies = run.Trials
            .Where(t => t.DispatchedAt is not null && (run.ApiHasAttemptStartedAt ? t.AttemptStartedAt : t.StartedAt) is not null)
            .Select(t => ((run.ApiHasAttemptStartedAt ? t.AttemptStartedAt : t.StartedAt)!.Value - t.DispatchedAt!.Value).TotalMilliseconds)
            .Order()
            .ToArray();
        return (latencies.Length == 0 ? null : latencies, source);
    }

    /// <summary>Trials whose grain kept fewer epochs than the worker reported, and (when the API says) no worker start.</summary>
    private static string LateReports(ClusterSweepRun run, int epochs)
    {
        var inv = CultureInfo.InvariantCulture;
        var tooFew = run.Trials.Where(t => t.Epoch < epochs).ToList();
        var lost = tooFew.Sum(t => epochs - t.Epoch);
        var noStart = run.ApiHasAttemptStartedAt ? run.Trials.Count(t => t.AttemptStartedAt is null) : 0;
        return string.Create(inv, $"{run.Trials.Count:N0}-trial sweep: {tooFew.Count:N0} {(tooFew.Count == 1 ? "trial" : "trials")} ({100.0 * tooFew.Count / Math.Max(1, run.Trials.Count):F1} %) completed with fewer epochs in their grain than the worker reported ({lost:N0} epoch reports ignored of {run.Trials.Count * epochs:N0}){(run.ApiHasAttemptStartedAt ? string.Create(inv, $", and {noStart:N0} have no AttemptStartedAt (their TrialStarted came after their completion; they are left out of the dispatch latency)") : string.Empty)}.");
    }

    private static double Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Report(BenchOptions options, Measurement m, int trials, double load, bool quiet)
    {
        var inv = CultureInfo.InvariantCulture;
        var a = m.OneResult;
        var b = m.Ingest;
        var wallA = a.WallSeconds;
        var overheadMs = wallA * 1000 / trials;
        var rayOverheadMs = (RayObservedSeconds - RayMinimumSeconds) * 1000 / RayTrials;
        var wallB = b.WallSeconds;
        // What the workers reported (each epoch's point is checked in MLflow); the grains may have kept fewer, see below.
        var epochs = IngestTrials * IngestEpochs;
        var ingestRate = epochs / wallB;
        var firstStartB = b.Trials.Select(t => t.AttemptStartedAt ?? t.StartedAt).OfType<DateTimeOffset>().DefaultIfEmpty(b.SubmittedAt).Min();
        var ingestRateFromStart = epochs / (b.Final.FinishedAt is { } f ? (f - firstStartB).TotalSeconds : double.NaN);
        var (latencies, latencySource) = DispatchLatencies(a);
        var rtt = m.RoundTrips;
        var retried = a.Trials.Count(t => t.Attempt > 1) + b.Trials.Count(t => t.Attempt > 1);
        var byWorker = a.Trials.GroupBy(t => t.WorkerHost ?? "none recorded").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}");
        var firstStartA = a.Trials.Select(t => t.AttemptStartedAt ?? t.StartedAt).OfType<DateTimeOffset>().DefaultIfEmpty(a.SubmittedAt).Min();
        var landedLines = m.Landed.Sum(r => r.Lines);

        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## {Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe(1)}; the `function` model trains nothing (the workers load libtorch at start and never use it)");
        sb.AppendLine(inv, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(inv, $"- Command: `{options.CommandLine}`");
        sb.AppendLine(inv, $"- Setup: the README's cluster on this one machine, each process started from the Release build with `dotnet <dll>`: 2 silos (`Experiments.Silo`: grains, report consumers, REST API) on Redis 127.0.0.1:6379 (membership, grain state, reminders) and 2 workers (`Experiments.Worker`, `Worker__Slots={LocalCluster.SlotsPerWorker}`, `Worker__Device=cpu`: {2 * LocalCluster.SlotsPerWorker} slots) on RabbitMQ{(m.RabbitMqVersion is null ? string.Empty : " " + m.RabbitMqVersion)} in a virtual host of their own; tracking ON: MLflow's file store in a temp folder, every process through its own outbox; default logging. Everything goes through the REST API of silo 1 (POST /api/sweeps with the YAML, GET /api/sweeps/{{id}} every {PollInterval.TotalSeconds:F0} s, then the trials by pages of 1,000). Both sweeps: `function` on sphere2, x1 and x2 uniform in [-5, 5], seconds_per_epoch 0, random search, parallel {Parallel}; first {IngestTrials} trials x {IngestEpochs} epochs, then {trials:N0} trials x 1 epoch. Redis, RabbitMQ, the 4 processes and this benchmark share the {Environment.ProcessorCount} cores.");
        sb.AppendLine(inv, $"- 1-minute load average before starting the cluster: {load:F2}{(quiet ? string.Empty : " (NOT quiet: gave up waiting)")} (threshold {options.LoadThreshold:F1}).");
        sb.AppendLine();
        sb.AppendLine("| measure | value | goal / reference | ratio to goal |");
        sb.AppendLine("|---|---:|---|---:|");
        sb.AppendLine(inv, $"| **orchestration overhead per trial** ({trials:N0} one-result trials: wall ÷ trials) | **{overheadMs:F2} ms** | goal < {OverheadGoalMs:F0} ms ({(overheadMs < OverheadGoalMs ? "met" : "NOT met")}); Ray Tune: {(RayObservedSeconds - RayMinimumSeconds):F2} s over the minimum for {RayTrials:N0} trials = {rayOverheadMs:F1} ms per trial (see below) | {overheadMs / OverheadGoalMs:F2} |");
        sb.AppendLine(inv, $"| wall time, submit → sweep finished | {wallA:F1} s | POST /api/sweeps sent → the sweep's FinishedAt (its last trial's end); the poll saw it at {a.SecondsUntilSeenFinished:F1} s | |");
        sb.AppendLine(inv, $"| trials per second | {trials / wallA:F1} | | |");
        sb.AppendLine(inv, $"| **intermediate results ingested per second** ({IngestTrials} trials x {IngestEpochs} epochs, tracking on) | **{ingestRate:N0} /s** | goal >= {IngestGoalPerSecond:N0}/s ({(ingestRate >= IngestGoalPerSecond ? "met" : "NOT met")}); Ray Tune: about 1,000/s per node with logging (see below) | {ingestRate / IngestGoalPerSecond:F2} |");
        sb.AppendLine(inv, $"| epochs reported, wall | {epochs:N0} in {wallB:F2} s | submit → FinishedAt; from the first trial's start: {ingestRateFromStart:N0} /s | |");
        if (latencies is not null)
        {
            sb.AppendLine(inv, $"| **dispatch latency** p50 / p99 / max ({latencies.Length:N0} trials of the {trials:N0}-trial sweep: {latencySource}) | **{Quantile(latencies, 0.5):F1} / {Quantile(latencies, 0.99):F1} / {latencies[^1]:F1} ms** | floor: a raw RabbitMQ request/response round trip, p50 / p99 {Quantile(rtt, 0.5):F2} / {Quantile(rtt, 0.99):F2} ms (measured below) | {Quantile(latencies, 0.5) / Quantile(rtt, 0.5):F0}x the floor at p50 |");
        }
        else
        {
            sb.AppendLine(inv, $"| dispatch latency | not available | {latencySource}; floor: a raw RabbitMQ round trip, p50 / p99 {Quantile(rtt, 0.5):F2} / {Quantile(rtt, 0.99):F2} ms | |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"**MLflow check** (tracking on): {m.DrainSeconds:F1} s after the {IngestTrials}-trial sweep finished, all {m.Landed.Count} of its runs were FINISHED in the file store with {landedLines:N0} lines in their `value` metric files in all ({IngestEpochs} each, {IngestEpochs} distinct steps), e.g. {string.Join(", ", m.Landed.Take(MetricLinesShown).Select(r => $"run {r.RunKey[..Math.Min(8, r.RunKey.Length)]}: {r.Lines} lines"))}. Of the {trials:N0}-trial sweep's runs, {m.OneResultRunsCreated:N0} existed in the file store when it finished (the outboxes deliver in the background; its wall time does not wait for them).");
        var medianGap = Quantile([.. m.Landed.Select(r => r.MedianGapMs).Where(double.IsFinite).Order()], 0.5);
        var meanGap = m.Landed.Select(r => r.MeanGapMs).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        var trialSeconds = meanGap * (IngestEpochs - 1) / 1000;
        sb.AppendLine();
        sb.AppendLine(inv, $"**Where the ingest rate comes from**: by the workers' own timestamps on the `value` points in MLflow, consecutive epochs of one trial went out a median {medianGap:F2} ms apart and {meanGap:F2} ms apart on average (over the {m.Landed.Count} runs), so a trial's {IngestEpochs:N0} epochs took about {trialSeconds:F1} s to train and report. Training does not wait for its reports: a worker sends each finished epoch in the background, and the epochs that end while a report travels go together in the next TrialProgressed and one outbox record (the planned last epoch goes with the TrialCompleted), so the rate above is what the silos, the trial grains' state writes and the sweep absorb, from submit to the last completion, start-up included.");
        sb.AppendLine();
        sb.AppendLine(inv, $"**Reports overtaken**: the silos consume the `trial-events` queue as competing consumers, {new TrialEventsConsumerDefinition().ConcurrentMessageLimit} messages at a time each, so a trial's reports can reach its grain out of order; the grain takes a late start or epoch of an attempt its worker already reported finished (`OutOfOrderReportsTests`), so none should be lost. Checked here: {LateReports(b, IngestEpochs)} {LateReports(a, 1)}");
        sb.AppendLine();
        sb.AppendLine(inv, $"**The broker's floor**: {RoundTrips:N0} request/response round trips through RabbitMQ with the raw client (two connections, one message in flight, transient, auto-ack, no confirms; {RoundTripWarmup} warm-up) while the cluster idled: p50 {Quantile(rtt, 0.5):F2} ms, p99 {Quantile(rtt, 0.99):F2} ms, max {rtt[^1]:F2} ms.");
        sb.AppendLine();
        sb.AppendLine(inv, $"**Where the CPU went** (user + system time of each process from /proc/<pid>/stat, sampled before and after each sweep; the wall times above are on {Environment.ProcessorCount} cores, i.e. at most {Environment.ProcessorCount} CPU-seconds per second):");
        sb.AppendLine();
        sb.AppendLine(inv, $"| process | {trials:N0}-trial sweep: CPU s | CPU ms per trial | {IngestTrials} x {IngestEpochs} sweep: CPU s | CPU µs per result |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, seconds) in m.OneResultCpu)
        {
            var ingestSeconds = m.IngestCpu.FirstOrDefault(c => c.Name == name).Seconds;
            sb.AppendLine(inv, $"| {name} | {seconds:F1} | {seconds * 1000 / trials:F2} | {ingestSeconds:F1} | {ingestSeconds * 1e6 / epochs:F0} |");
        }

        var totalA = m.OneResultCpu.Select(c => c.Seconds).Where(double.IsFinite).Sum();
        var totalB = m.IngestCpu.Select(c => c.Seconds).Where(double.IsFinite).Sum();
        sb.AppendLine(inv, $"| all of them | {totalA:F1} | {totalA * 1000 / trials:F2} | {totalB:F1} | {totalB * 1e6 / epochs:F0} |");
        sb.AppendLine();
        sb.AppendLine("Memory at the end (VmRSS and VmHWM of /proc/<pid>/status, read before the processes were killed):");
        sb.AppendLine();
        sb.AppendLine("| process | RSS MiB | peak RSS MiB |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var process in m.Memory)
        {
            sb.AppendLine(inv, $"| {process.Name} | {process.Memory.RssMiB:F0} | {process.Memory.PeakMiB:F0} |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"Details: submit → the first trial's start {(firstStartA - a.SubmittedAt).TotalSeconds:F2} s ({trials:N0}-trial sweep), {(firstStartB - b.SubmittedAt).TotalSeconds:F2} s ({IngestTrials}-trial sweep, the first after the cluster started); trials per worker: {string.Join(", ", byWorker)}; attempts beyond the first: {retried}.");
        sb.AppendLine();
        sb.AppendLine(inv, $"Ray Tune, as published on its scalability page (docs.ray.io, \"Scalability and Overhead Benchmarks\"): \"Trial bookkeeping / scheduling overhead\", {RayTrials:N0} trials of 1 s with 1 result per second, 1 node with 16 CPUs: {RayObservedSeconds:F2} s observed against a {RayMinimumSeconds:F0} s minimum; the {(RayObservedSeconds - RayMinimumSeconds):F2} s over the minimum is {rayOverheadMs:F1} ms per trial (our division). \"Many results on a single node\", 96 trials reporting 10 results per second for 100 s on one 96-CPU node with logging: {RaySingleNodeSeconds:F2} s observed against 100 s, i.e. {RaySingleNodeResults:N0} results in {RaySingleNodeSeconds:F2} s = {RaySingleNodeResults / RaySingleNodeSeconds:F0} results/s completed; the page calls about 1,000 results per second per node acceptable with logging. Their trials last 1 s and 100 s on 16 and 96 CPUs; ours last nothing on 2 cores shared with the broker, Redis and the silos, so the comparison is of orchestration cost per trial and per result, not of the same workload.");
        sb.AppendLine();
        sb.AppendLine("What is and is not measured: the whole path a user's cluster takes on one machine, from outside: the REST API, two Orleans silos whose grain state, membership and reminders are on Redis, MassTransit over RabbitMQ to two worker processes and back (TrialStarted, TrialProgressed carrying the epochs that ended since the last one, heartbeats, TrialCompleted carrying the last epoch), the trial and sweep grains' bookkeeping and state writes, and every MLflow write queued in the processes' outboxes and delivered to the file store in the background (the per-trial runs, params, tags and metrics). The overhead per trial is all of the wall time, since the trials do no work; 8 trials are in flight at once, so it is a throughput figure, not one trial's latency (which the dispatch latency shows). Dispatch latency runs from the trial grain's dispatch (its clock) to the worker's start of the attempt (its clock, after it queued the run's creation and parameters in its outbox); the processes share one clock here, so no skew enters. Not measured: machines apart (a network between silos, workers, Redis and the broker), an MLflow tracking server (the file store is local), real training, and the first process start-up (the cluster is up before the first sweep is submitted). The 2-second poll and the benchmark's own process run on the same cores.");
        return sb.ToString();
    }

    private static void DeleteQuietly(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    private sealed record ProcessMemory(string Name, (double RssMiB, double PeakMiB) Memory);

    private sealed record Measurement(
        double[] RoundTrips,
        ClusterSweepRun Ingest,
        IReadOnlyList<MlflowRunLines> Landed,
        double DrainSeconds,
        ClusterSweepRun OneResult,
        int OneResultRunsCreated,
        IReadOnlyList<ProcessMemory> Memory,
        string? RabbitMqVersion,
        IReadOnlyList<(string Name, double Seconds)> IngestCpu,
        IReadOnlyList<(string Name, double Seconds)> OneResultCpu);
}
