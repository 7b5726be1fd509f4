namespace Experiments.EndToEnd.Tests;

/// <summary>How a CLI process ended, with everything it printed.</summary>
public sealed record CliResult(string Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The whole transcript, for assertion messages: a failing test shows what the CLI said.</summary>
    public string Transcript =>
        $"experiments {Arguments}{Environment.NewLine}exit code: {ExitCode}{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError}";
}
