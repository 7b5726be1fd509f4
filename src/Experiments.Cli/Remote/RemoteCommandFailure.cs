namespace Experiments.Cli.Remote;

/// <summary>A remote command cannot go on: <see cref="Exception.Message"/> is the one line to show, <see cref="ExitCode"/> the exit code.</summary>
public sealed class RemoteCommandFailure(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
