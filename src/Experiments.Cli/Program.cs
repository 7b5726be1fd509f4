using System.CommandLine;
using System.Runtime.InteropServices;
using Experiments.Cli.Commands;
using Experiments.ServiceDefaults.Logging;

var root = new RootCommand("experiments: hyperparameter sweeps of generative models, tracked in MLflow.")
{
    RunCommand.Create(Console.Out, Console.Error),
    ValidateCommand.Create(Console.Out, Console.Error),
    TrackingCommand.Create(Console.Out, Console.Error),
};

// The first Ctrl-C or SIGTERM asks the running command to stop cleanly (the run command marks running
// trials KILLED and saves state); a second one is left to the runtime, which ends the process at once.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        Console.Error.WriteLine("Stopping: marking running trials KILLED and saving state (press Ctrl-C again to force).");
        stop.Cancel();
    }
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // Usage mistakes exit 2 like spec mistakes: nothing was run. One line per mistake, then where to look.
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    var command = parsed.CommandResult.Command;
    Console.Error.WriteLine(ReferenceEquals(command, root)
        ? "Run 'experiments --help' for usage."
        : $"Run 'experiments {command.Name} --help' for usage.");
    return Experiments.Cli.ExitCodes.InvalidInput;
}

try
{
    // The commands report what they expect; anything else is a bug or an environment problem, shown as one
    // line (the whole exception with --verbose) rather than System.CommandLine's stack trace.
    return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, stop.Token);
}
catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
{
    Console.Error.WriteLine(CredentialRedactor.Redact(args.Contains("--verbose", StringComparer.Ordinal)
        ? $"experiments failed: {exception}"
        : $"experiments failed: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")} (run with --verbose for details)"));
    return Experiments.Cli.ExitCodes.Failure;
}
catch (OperationCanceledException)
{
    return Experiments.Cli.ExitCodes.Interrupted;
}
