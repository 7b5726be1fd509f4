using System.CommandLine;
using Experiments.Cli.Display;
using Experiments.Cli.Remote;

namespace Experiments.Cli.Commands;

/// <summary>
/// <c>experiments stop SWEEP [--reason TEXT]</c>: stops a running sweep on the cluster, as Ctrl-C stops
/// <c>experiments run</c>: INTERRUPTED, its unfinished trials KILLED, finished ones kept; <c>resume</c> goes on.
/// </summary>
public static class StopCommand
{
    /// <summary>The API's limit on a stop reason.</summary>
    public const int MaxReasonLength = 500;

    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var sweepArgument = new Argument<string>("sweep") { Description = "The sweep: its 32-hex id or a prefix of it only it has." }.AcceptSweepId();
        var reasonOption = new Option<string>("--reason")
        {
            Description = "Why it is stopped; recorded as the sweep's reason and on its killed trials.",
            HelpName = "TEXT",
        }.AcceptText("a short reason", MaxReasonLength);
        var remote = new RemoteCommandOptions();
        var command = new Command("stop", "Stop a running sweep on the cluster (resume it with 'experiments resume').") { sweepArgument, reasonOption };
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => remote.RunAsync(
            parseResult,
            error,
            environment,
            async client =>
            {
                var sweepId = await SweepIdPrefix.ResolveAsync(client, parseResult.GetValue(sweepArgument)!, cancellationToken);
                var before = await client.GetSweepAsync(sweepId, cancellationToken);
                if (before.Status != StatusNames.Running)
                {
                    await output.WriteLineAsync($"Sweep {sweepId:N} of '{before.Experiment}' is {before.Status}; nothing to stop.");
                    return ExitCodes.Success;
                }

                var stopped = await client.StopAsync(sweepId, parseResult.GetValue(reasonOption), cancellationToken);
                await output.WriteLineAsync(
                    $"Sweep {sweepId:N} of '{stopped.Experiment}' stopped: {stopped.Status} ({stopped.Reason?.TrimEnd('.')}); " +
                    $"{stopped.Trials.Killed} trials KILLED, {stopped.Trials.Completed + stopped.Trials.Pruned + stopped.Trials.Failed} finished ones kept.");
                await output.WriteLineAsync($"Resume it with: experiments resume {RemoteFormatting.ShortId(sweepId)}");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
