using System.Runtime.InteropServices;
using Experiments.Cli;

// The first Ctrl-C or SIGTERM asks the running command to stop cleanly (the run command marks running
// trials KILLED and saves state; the remote commands stop waiting, a cluster's sweep goes on); a second one
// is left to the runtime, which ends the process at once.
using var stop = new CancellationTokenSource();
var stopping = args.FirstOrDefault() == "run"
    ? "Stopping: marking running trials KILLED and saving state (press Ctrl-C again to force)."
    : "Stopping (press Ctrl-C again to force).";
void OnSignal(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        Console.Error.WriteLine(stopping);
        stop.Cancel();
    }
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await CliApplication.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, stop.Token);
