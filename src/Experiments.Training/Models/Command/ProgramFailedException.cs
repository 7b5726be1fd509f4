namespace Experiments.Training.Models.Command;

/// <summary>The user's program could not start, failed, or ended without reporting the objective; the message says which, with the tail of its output.</summary>
public sealed class ProgramFailedException : Exception
{
    public ProgramFailedException()
    {
    }

    public ProgramFailedException(string message)
        : base(message)
    {
    }

    public ProgramFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The program's exit code; null when it never started or was not waited for.</summary>
    public int? ExitCode { get; init; }
}
