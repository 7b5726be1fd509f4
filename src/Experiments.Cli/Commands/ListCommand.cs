using System.CommandLine;
using Experiments.Cli.Display;

namespace Experiments.Cli.Commands;

/// <summary><c>experiments list</c>: the cluster's experiments with their number of sweeps and latest sweep.</summary>
public static class ListCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var remote = new RemoteCommandOptions();
        var command = new Command("list", "List the cluster's experiments: sweeps of each and the latest one's status.");
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => remote.RunAsync(
            parseResult,
            error,
            environment,
            async client =>
            {
                var experiments = await client.ListExperimentsAsync(cancellationToken);
                if (experiments.Count == 0)
                {
                    await output.WriteLineAsync($"No experiments on {client.Connection.Display} yet; submit a sweep with: experiments submit FILE");
                    return ExitCodes.Success;
                }

                CliConsole.Create(output).Write(ExperimentListTable.Build(experiments));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
