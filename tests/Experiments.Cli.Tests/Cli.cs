namespace Experiments.Cli.Tests;

/// <summary>
/// Runs the <c>experiments</c> command line in process, as Program.cs does, with its output captured (redirected,
/// so progress comes as lines) and its environment variables given here rather than taken from the process.
/// </summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, output, error, name => environment.GetValueOrDefault(name), TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>EXPERIMENTS_SERVER pointing at <paramref name="host"/>, and EXPERIMENTS_TOKEN when a token is given.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(ClusterHost host, string? token = ApiTokens.Write) => new Dictionary<string, string?>
    {
        ["EXPERIMENTS_SERVER"] = host.Server,
        ["EXPERIMENTS_TOKEN"] = token,
    };
}
