using System.CommandLine;
using Experiments.Cli.Display;
using Experiments.Cli.Remote;

namespace Experiments.Cli.Commands;

/// <summary>
/// <c>experiments resume SWEEP</c>: resumes an interrupted sweep on the cluster, as running the same spec again
/// resumes one of <c>experiments run</c>: finished trials are kept, unfinished ones run again as a new attempt.
/// </summary>
public static class ResumeCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var sweepArgument = new Argument<string>("sweep") { Description = "The sweep: its 32-hex id or a prefix of it only it has." }.AcceptSweepId();
        var remote = new RemoteCommandOptions();
        var command = new Command("resume", "Resume an interrupted sweep on the cluster.") { sweepArgument };
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => remote.RunAsync(
            parseResult,
            error,
            environment,
            async client =>
            {
                var sweepId = await SweepIdPrefix.ResolveAsync(client, parseResult.GetValue(sweepArgument)!, cancellationToken);
                var before = await client.GetSweepAsync(sweepId, cancellationToken);
                if (before.Status == StatusNames.Running)
                {
                    await output.WriteLineAsync($"Sweep {sweepId:N} of '{before.Experiment}' is already RUNNING; nothing to resume.");
                    return ExitCodes.Success;
                }

                if (before.Status is StatusNames.Completed or StatusNames.Failed)
                {
                    await error.WriteLineAsync(
                        $"Sweep {sweepId:N} of '{before.Experiment}' already finished as {before.Status}; nothing to resume. " +
                        "Submit its spec with --new to start another sweep.");
                    return ExitCodes.Failure;
                }

                var resumed = await client.ResumeAsync(sweepId, cancellationToken);
                await output.WriteLineAsync(
                    $"Sweep {sweepId:N} of '{resumed.Experiment}' resumed: {resumed.Status}; " +
                    $"{RemoteFormatting.Finished(resumed.Trials)} of {resumed.MaxTrials} trials finished and kept, unfinished ones run again as a new attempt.");
                await output.WriteLineAsync($"Follow it with: experiments status {RemoteFormatting.ShortId(sweepId)} --watch");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
