using System.CommandLine;
using Experiments.Cli.Remote;

namespace Experiments.Cli.Commands;

/// <summary>
/// The options every command that talks to a cluster takes (--server, --token-file, --verbose), and how such a
/// command runs: the connection resolved first, then every failure of a request as one line with its exit code.
/// The token is read from the environment or a file, never from the command line (shell history, <c>ps</c>).
/// </summary>
public sealed class RemoteCommandOptions
{
    public Option<string> Server { get; } = new Option<string>("--server")
    {
        Description = $"URL of the silo's REST API, e.g. http://silo.example:5000. Default: ${ServerConnection.ServerVariable}.",
        HelpName = "URL",
    }.AcceptText("the URL of the silo's REST API");

    public Option<string> TokenFile { get; } = new Option<string>("--token-file")
    {
        Description = $"A file holding the API token (read or write token of the cluster). Default: the token in ${ServerConnection.TokenVariable}.",
        HelpName = "PATH",
    }.AcceptPath("a file holding the API token");

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Show an unexpected failure in full, with its stack trace (never the token)." };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Server);
        command.Options.Add(TokenFile);
        command.Options.Add(Verbose);
    }

    /// <summary>Resolves the server and token, then runs <paramref name="body"/> with a client of the API.</summary>
    public async Task<int> RunAsync(
        ParseResult parseResult,
        TextWriter error,
        Func<string, string?> environment,
        Func<ExperimentsApiClient, Task<int>> body,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(body);
        ServerConnection connection;
        try
        {
            connection = ServerConnection.Resolve(parseResult.GetValue(Server), parseResult.GetValue(TokenFile), environment);
        }
        catch (RemoteCommandFailure failure)
        {
            await error.WriteLineAsync(failure.Message);
            return failure.ExitCode;
        }

        using var client = new ExperimentsApiClient(connection);
        try
        {
            return await body(client);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (RemoteFailures.Describe(exception, connection) is { } failure)
        {
            await error.WriteLineAsync(failure.Message);
            return failure.ExitCode;
        }
        catch (Exception exception)
        {
            // A bug rather than a refusal: one line, or everything with --verbose; the token never, whatever the text.
            await error.WriteLineAsync(connection.Redact(parseResult.GetValue(Verbose)
                ? $"experiments failed: {exception}"
                : $"experiments failed: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")} (run with --verbose for details)"));
            return ExitCodes.Failure;
        }
    }
}
