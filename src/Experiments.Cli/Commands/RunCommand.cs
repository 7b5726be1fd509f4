using System.CommandLine;
using Experiments.Cli.Display;
using Experiments.Cli.Embedded;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Messaging;
using Experiments.Specs;
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
            new EmbeddedClusterOptions(
                parseResult.GetValue(stateOption)!,
                parseResult.GetValue(workersOption),
                parseResult.GetValue(deviceOption),
                parseResult.GetValue(verboseOption)),
            parseResult.GetValue(newOption),
            output,
            error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        string specPath,
        EmbeddedClusterOptions options,
        bool forceNew,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = SweepSpecParser.ParseFile(specPath);
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
            if (options.Workers > 0)
            {
                TorchRuntime.EnsureAvailable();
            }
        }
        catch (TorchUnavailableException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.Failure;
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

        using (stateLock)
        using (var host = EmbeddedCluster.Build(options))
        {
            if (options.Workers == 0 && !host.Services.GetRequiredService<MessageBusOptions>().UsesRabbitMq)
            {
                await error.WriteLineAsync(
                    "--workers 0 runs no local worker, so it needs ConnectionStrings__rabbitmq: remote workers (src/Experiments.Worker) take the trials from RabbitMQ.");
                return ExitCodes.InvalidInput;
            }

            await host.StartAsync(CancellationToken.None);
            try
            {
                return await RunSweepAsync(host, parsed.Spec!, forceNew, output, error, cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
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
            await error.WriteLineAsync($"Could not start the sweep: {exception.GetBaseException().Message}");
            return ExitCodes.Failure;
        }

        var sweep = grains.GetGrain<ISweepGrain>(started.SweepId);
        var snapshot = await sweep.GetSnapshotAsync();
        var finished = snapshot.Trials.Count(t => t.Status is Grains.Trials.TrialStatus.Completed or Grains.Trials.TrialStatus.Failed);
        await output.WriteLineAsync(started.Resumed
            ? $"Resuming sweep {started.SweepId:N} of '{spec.Name}': {finished} of {spec.Budget.MaxTrials} trials already finished."
            : $"Sweep {started.SweepId:N} of '{spec.Name}': {spec.Budget.MaxTrials} trials of {spec.Model} on {spec.Dataset}, {spec.Budget.Parallel} in parallel.");
        await output.WriteLineAsync($"Tracking: MLflow experiment {snapshot.ExperimentId}, parent run {snapshot.ParentRunId}.");

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            // Logs and CI have no terminal width: do not wrap the leaderboard at 80 columns.
            console.Profile.Width = Math.Max(console.Profile.Width, 200);
        }

        ISweepProgress progress = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out)
            ? new LiveTableProgress(console, clock)
            : new LineProgress(output, clock);
        try
        {
            await progress.RunAsync(_ => sweep.GetSnapshotAsync(), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await sweep.StopAsync("interrupted by the user");
            snapshot = await sweep.GetSnapshotAsync();
            console.Write(Leaderboard.Build(snapshot));
            await output.WriteLineAsync("Interrupted: running trials were marked KILLED. Run the same command again to resume.");
            return ExitCodes.Interrupted;
        }

        snapshot = await sweep.GetSnapshotAsync();
        console.Write(Leaderboard.Build(snapshot));
        if (snapshot.BestTrial is { } best)
        {
            await output.WriteLineAsync(
                $"Best: trial {best.Number}, {spec.Objective.Metric} = {SweepFormatting.Number(best.Objective)} ({SweepFormatting.Parameters(best)}). " +
                $"See it with: mlflow ui --backend-store-uri ./mlruns");
        }

        if (snapshot.Status != SweepStatus.Completed)
        {
            await output.WriteLineAsync($"Sweep {snapshot.Status.ToString().ToUpperInvariant()}: {snapshot.Reason}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
