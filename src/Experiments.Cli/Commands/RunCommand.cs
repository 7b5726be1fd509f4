using Experiments.Training.Models;
using System.CommandLine;
using Experiments.Cli.Display;
using Experiments.Cli.Embedded;
using Experiments.Grains.Experiments;
using Experiments.Grains.Storage;
using Experiments.Grains.Sweeps;
using Experiments.Hosting;
using Experiments.Messaging;
using Experiments.Specs;
using Experiments.Tracking.Outbox;
using Experiments.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Experiments.Cli.Commands;

/// <summary>
/// <c>experiments run FILE</c>: runs a sweep on this machine (embedded silo, bus and workers), shows
/// progress, prints the leaderboard. Running it again resumes an interrupted sweep of the same spec.
/// </summary>
public static class RunCommand
{
    /// <summary>
    /// Upper bound of --workers: a slot trains one model at a time (one per GPU, or sharing the CPU's
    /// cores), so more than this on one machine is a typo, not a plan.
    /// </summary>
    public const int MaxWorkers = 256;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var specArgument = new Argument<string>("spec") { Description = "Path to the sweep spec (YAML)." };
        var workersOption = new Option<int>("--workers")
        {
            Description = $"Local worker slots (trials trained at once), 0 to {MaxWorkers}. Default 1; 0 with RabbitMQ leaves the trials to remote workers.",
            DefaultValueFactory = _ => 1,
        }.AcceptWholeNumber(0, MaxWorkers);
        var stateOption = new Option<string>("--state-dir")
        {
            Description = "Folder for the embedded cluster's grain state (created when missing; must be writable). Default ./.experiments.",
            DefaultValueFactory = _ => ".experiments",
        }.AcceptPath("a folder, created when missing");
        var newOption = new Option<bool>("--new") { Description = "Start a new sweep even if an unfinished one of this spec exists." };
        var deviceOption = new Option<string?>("--device")
        {
            Description = "cpu or cuda; default: cuda when present.",
            HelpName = "cpu|cuda",
        }.AcceptOneOf("cpu", "cuda");
        var verboseOption = new Option<bool>("--verbose") { Description = "Log the silo's, bus's and workers' activity." };

        var command = new Command("run", "Run a sweep on this machine and print the leaderboard.")
        {
            specArgument, workersOption, stateOption, newOption, deviceOption, verboseOption,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(specArgument)!,
            new EmbeddedNodeOptions(
                parseResult.GetValue(stateOption)!,
                parseResult.GetValue(workersOption),
                parseResult.GetValue(deviceOption)),
            parseResult.GetValue(verboseOption),
            parseResult.GetValue(newOption),
            output,
            error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        string specPath,
        EmbeddedNodeOptions options,
        bool verbose,
        bool forceNew,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = SweepSpecParser.ParseFile(specPath, ModelFamilies.Catalog);
        if (!parsed.IsValid)
        {
            SpecErrorsWriter.Write(error, parsed);
            return ExitCodes.InvalidInput;
        }

        if (StateDirectoryCheck.FindProblem(options.StateDirectory) is { } stateProblem)
        {
            await error.WriteLineAsync(stateProblem);
            return ExitCodes.InvalidInput;
        }

        try
        {
            // A computed model (model: function) never needs libtorch, so it is not loaded for one.
            if (options.Workers > 0 && ModelFamilies.NeedsTorch(parsed.Spec!.Model))
            {
                TorchRuntime.EnsureAvailable();
            }
        }
        catch (TorchUnavailableException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.Failure;
        }

        // This machine's slots take every trial: one that asks for a GPU must find one here (a cluster routes it instead).
        if (options.Workers > 0 && parsed.Spec!.Resources == Contracts.Trials.ResourceRequirement.Gpu && TorchRuntime.Probe().CudaDeviceCount == 0)
        {
            await error.WriteLineAsync(
                $"{specPath}: resources: the spec asks for a GPU, but this machine has no CUDA device; remove 'resources', or submit it to a cluster with GPU workers (experiments submit).");
            return ExitCodes.InvalidInput;
        }

        StateDirectoryLock stateLock;
        try
        {
            stateLock = StateDirectoryLock.Acquire(options.StateDirectory);
        }
        catch (InvalidOperationException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.Failure;
        }

        // --new must not be blocked by a damaged experiment record: it is set aside (kept) and starts anew.
        using (stateLock)
        using (var host = EmbeddedCluster.Build(options with { DamagedState = forceNew ? DamagedStateHandling.SetAside : DamagedStateHandling.Fail }, verbose))
        {
            if (options.Workers == 0 && !host.Services.GetRequiredService<MessageBusOptions>().UsesRabbitMq)
            {
                await error.WriteLineAsync(
                    "--workers 0 runs no local worker, so it needs ConnectionStrings__rabbitmq: remote workers (src/Experiments.Worker) take the trials from RabbitMQ.");
                return ExitCodes.InvalidInput;
            }

            await host.StartAsync(CancellationToken.None);
            int exitCode;
            try
            {
                exitCode = await RunSweepAsync(host, parsed.Spec!, forceNew, output, error, cancellationToken);
            }
            finally
            {
                // Stops the outbox last, after it had a few seconds to deliver what the sweep queued.
                await host.StopAsync(CancellationToken.None);
            }

            await TrackingSummary.WriteAsync(output, host.Services.GetRequiredService<TrackingOutbox>().Status, options.StateDirectory);
            return exitCode;
        }
    }

    private static async Task<int> RunSweepAsync(IHost host, SweepSpec spec, bool forceNew, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        SweepStartResult started;
        try
        {
            started = await grains.GetGrain<IExperimentGrain>(spec.Name).StartSweepAsync(spec.ToDefinition(), resumeUnfinished: !forceNew);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await error.WriteLineAsync(StartFailure(exception));
            return ExitCodes.Failure;
        }

        var sweep = grains.GetGrain<ISweepGrain>(started.SweepId);
        var snapshot = await sweep.GetSnapshotAsync();
        var console = CliConsole.Create(output);
        if (started.AlreadyFinished)
        {
            return await ShowFinishedSweepAsync(console, spec, snapshot, LabelsOf(host), output, error);
        }

        var finished = snapshot.Trials.Count(t => t.Status is Grains.Trials.TrialStatus.Completed or Grains.Trials.TrialStatus.Failed or Grains.Trials.TrialStatus.Pruned);
        await output.WriteLineAsync(started.Resumed
            ? $"Resuming sweep {started.SweepId:N} of '{spec.Name}': {finished} of {spec.Budget.MaxTrials} trials already finished."
            : $"Sweep {started.SweepId:N} of '{spec.Name}': {spec.Budget.MaxTrials} trials of {spec.ModelAndData}, {spec.Budget.Parallel} in parallel.");
        if (spec.Curriculum is { } curriculum)
        {
            await output.WriteLineAsync($"Curriculum: {curriculum.Describe(spec.Budget.Epochs)}.");
        }

        var tracking = host.Services.GetRequiredService<TrackingOutbox>();
        await output.WriteLineAsync($"Tracking: MLflow experiment '{spec.Name}' at {TrackingSummary.Where(tracking.Status.Target)}, parent run {snapshot.ParentRunKey}.");

        var progress = CliConsole.Progress(console, output, clock);
        try
        {
            await progress.RunAsync(async _ => SnapshotViews.Of(await sweep.GetSnapshotAsync()), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await sweep.StopAsync("interrupted by the user");
            snapshot = await sweep.GetSnapshotAsync();
            console.Write(Leaderboard.Build(SnapshotViews.Of(snapshot), LabelsOf(host).For));
            if (snapshot.StorageFailure is { } interruptedFailure)
            {
                await error.WriteLineAsync(StorageStopMessage(interruptedFailure));
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync("Interrupted: running trials were marked KILLED. Run the same command again to resume.");
            return ExitCodes.Interrupted;
        }

        snapshot = await sweep.GetSnapshotAsync();
        await WriteResultsAsync(console, snapshot, LabelsOf(host), output);
        if (snapshot.StorageFailure is { } failure)
        {
            await error.WriteLineAsync(StorageStopMessage(failure));
            return ExitCodes.Failure;
        }

        if (snapshot.Status != SweepStatus.Completed)
        {
            await output.WriteLineAsync($"Sweep {snapshot.Status.ToString().ToUpperInvariant()}: {snapshot.Reason}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// The latest sweep of this spec already finished: show it as it ended and start nothing, as Optuna's
    /// load_if_exists returns a finished study. A completed sweep exits 0, a failed one 1.
    /// </summary>
    private static async Task<int> ShowFinishedSweepAsync(
        IAnsiConsole console, SweepSpec spec, SweepSnapshot snapshot, RunLabels runLabels, TextWriter output, TextWriter error)
    {
        var completed = snapshot.Status == SweepStatus.Completed;
        await output.WriteLineAsync(completed
            ? $"Sweep {snapshot.SweepId:N} of '{spec.Name}' already completed ({snapshot.Trials.Count} trials); nothing to run."
            : $"Sweep {snapshot.SweepId:N} of '{spec.Name}' already finished as {snapshot.Status.ToString().ToUpperInvariant()}; nothing to run.");
        await WriteResultsAsync(console, snapshot, runLabels, output);
        if (completed)
        {
            await output.WriteLineAsync("Run with --new to start another sweep of this spec.");
            return ExitCodes.Success;
        }

        await error.WriteLineAsync($"Sweep {snapshot.SweepId:N} of '{spec.Name}' {snapshot.Status.ToString().ToUpperInvariant()} ({snapshot.Reason?.TrimEnd('.')}); run with --new to start another sweep of this spec.");
        return ExitCodes.Failure;
    }

    /// <summary>The table and the best trial, as shown at the end of a run.</summary>
    private static Task WriteResultsAsync(IAnsiConsole console, SweepSnapshot snapshot, RunLabels runLabels, TextWriter output) =>
        SweepResults.WriteAsync(console, output, SnapshotViews.Of(snapshot), runLabels.For, TrackingSummary.ViewHint(runLabels.Target));

    private static RunLabels LabelsOf(IHost host) => new(host.Services.GetRequiredService<TrackingOutbox>());

    private static string StorageStopMessage(string failure) =>
        $"Sweep stopped, running trials KILLED: {failure}; free space or make the folder writable, then run the same command again to resume from the last saved state.";

    /// <summary>Why a sweep could not start or resume, in one sentence that names the file and what to do.</summary>
    private static string StartFailure(Exception exception)
    {
        if (Find<GrainStateDamagedException>(exception) is { } damaged)
        {
            return damaged.StateName == "experiment"
                ? $"{damaged.Message}; run with --new to start a new sweep (the damaged file is then kept as {damaged.Path}.damaged), or move it aside."
                : $"{damaged.Message}; the sweep cannot resume without it: run with --new to start a new sweep (the damaged file is kept for inspection).";
        }

        if (Find<GrainStateStorageException>(exception) is { } storage)
        {
            return $"Could not start the sweep: {storage.Message}; free space or make the folder writable, then run the same command again.";
        }

        return $"Could not start the sweep: {exception.GetBaseException().Message}";
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
