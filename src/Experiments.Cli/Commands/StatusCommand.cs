using System.CommandLine;
using Experiments.Cli.Display;
using Experiments.Cli.Remote;

namespace Experiments.Cli.Commands;

/// <summary>
/// <c>experiments status [SWEEP] [--watch]</c>: the cluster's sweeps; one sweep with its trials; or, with --watch,
/// that sweep followed live until it finishes, then its leaderboard, as <c>experiments run</c> shows a local one.
/// </summary>
public static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var sweepArgument = new Argument<string>("sweep")
        {
            Description = "The sweep: its 32-hex id or a prefix of it only it has. Without it: every sweep.",
            Arity = ArgumentArity.ZeroOrOne,
        }.AcceptSweepId();
        var watchOption = new Option<bool>("--watch") { Description = "Follow the sweep until it finishes, then show its leaderboard; exit 0 completed, 1 failed or interrupted." };
        var remote = new RemoteCommandOptions();
        var command = new Command("status", "Show the cluster's sweeps, or one sweep and its trials.") { sweepArgument, watchOption };
        remote.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(watchOption) && result.GetValue(sweepArgument) is null)
            {
                result.AddError("--watch: no sweep given; allowed: with a SWEEP to follow, e.g. experiments status 3f2504e04f89 --watch");
            }
        });
        command.SetAction((parseResult, cancellationToken) => remote.RunAsync(
            parseResult,
            error,
            environment,
            client => parseResult.GetValue(sweepArgument) is { } prefix
                ? ShowSweepAsync(client, prefix, parseResult.GetValue(watchOption), output, error, cancellationToken)
                : ListSweepsAsync(client, output, cancellationToken),
            cancellationToken));
        return command;
    }

    /// <summary>Every sweep of the cluster, oldest first; <c>experiments list</c> shows the experiments they belong to.</summary>
    private static async Task<int> ListSweepsAsync(ExperimentsApiClient client, TextWriter output, CancellationToken cancellationToken)
    {
        var sweeps = await client.ListSweepsAsync(cancellationToken);
        if (sweeps.Count == 0)
        {
            await output.WriteLineAsync($"No sweeps on {client.Connection.Display} yet; submit one with: experiments submit FILE");
            return ExitCodes.Success;
        }

        CliConsole.Create(output).Write(SweepListTable.Build(sweeps));
        foreach (var unavailable in sweeps.Where(s => s.Problem is not null))
        {
            await output.WriteLineAsync($"Sweep {unavailable.SweepId:N} cannot be shown: {unavailable.Problem}");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ShowSweepAsync(ExperimentsApiClient client, string prefix, bool watch, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (watch)
        {
            // Watching waits out a silo that does not answer for a while (it restarts, or the cluster is declaring a dead one).
            var watcher = new RemoteSweepWatch(client, output, error);
            var watched = await watcher.PatientlyAsync(token => SweepIdPrefix.ResolveAsync(client, prefix, token), cancellationToken);
            return await watcher.RunAsync(watched, cancellationToken);
        }

        var sweepId = await SweepIdPrefix.ResolveAsync(client, prefix, cancellationToken);

        var sweep = await client.GetSweepAsync(sweepId, cancellationToken);
        var trials = await client.GetAllTrialsAsync(sweepId, cancellationToken);
        foreach (var line in SweepDetailText.Lines(sweep, client.Connection.Display))
        {
            await output.WriteLineAsync(line);
        }

        if (trials.Count > 0)
        {
            CliConsole.Create(output).Write(Leaderboard.Build(RemoteViews.Of(sweep, trials)));
        }

        return ExitCodes.Success;
    }
}
