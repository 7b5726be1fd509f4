namespace Experiments.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The sweep failed (max_failed exceeded, no trial completed) or the system could not run.</summary>
    public const int Failure = 1;

    /// <summary>The spec or the command line is invalid; nothing was run.</summary>
    public const int InvalidInput = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM; running the same command again resumes.</summary>
    public const int Interrupted = 130;
}
