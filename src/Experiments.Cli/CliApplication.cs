using System.CommandLine;
using Experiments.Cli.Commands;
using Experiments.ServiceDefaults.Logging;

namespace Experiments.Cli;

/// <summary>
/// The <c>experiments</c> command line: its commands, usage mistakes (exit 2), and failures no command expected.
/// Program.cs runs it on the console; tests run it in process with their own writers and environment.
/// </summary>
public static class CliApplication
{
    public static RootCommand CreateRoot(TextWriter output, TextWriter error, Func<string, string?> environment) =>
        new("experiments: hyperparameter sweeps of generative models, tracked in MLflow.")
        {
            RunCommand.Create(output, error),
            ValidateCommand.Create(output, error),
            TrackingCommand.Create(output, error),
            SubmitCommand.Create(output, error, environment),
            StatusCommand.Create(output, error, environment),
            StopCommand.Create(output, error, environment),
            ResumeCommand.Create(output, error, environment),
            ListCommand.Create(output, error, environment),
        };

    /// <param name="environment">Reads an environment variable (EXPERIMENTS_SERVER, EXPERIMENTS_TOKEN).</param>
    /// <param name="cancellationToken">Cancelled by the first Ctrl-C or SIGTERM: the command stops cleanly.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = CreateRoot(output, error, environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage mistakes exit 2 like spec mistakes: nothing was run. One line per mistake, then where to look.
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            var command = parsed.CommandResult.Command;
            await error.WriteLineAsync(ReferenceEquals(command, root)
                ? "Run 'experiments --help' for usage."
                : $"Run 'experiments {command.Name} --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            // The commands report what they expect; anything else is a bug or an environment problem, shown as one
            // line (the whole exception with --verbose) rather than System.CommandLine's stack trace.
            return await parsed.InvokeAsync(
                new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false, Output = output, Error = error },
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(CredentialRedactor.Redact(args.Contains("--verbose", StringComparer.Ordinal)
                ? $"experiments failed: {exception}"
                : $"experiments failed: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")} (run with --verbose for details)"));
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }
}
