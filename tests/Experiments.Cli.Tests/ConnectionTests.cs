using Experiments.Hosting;
using Experiments.Testing;

namespace Experiments.Cli.Tests;

/// <summary>Where the server and the token come from, and what is said when either is wrong: one line, never the token.</summary>
public sealed class ConnectionTests(ClusterHost host) : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Without_a_token_the_command_says_how_to_set_one_and_exits_1()
    {
        var result = await Cli.RunAsync(Cli.Environment(host, token: null), "status");

        Assert.True(result.ExitCode == 1, result.Transcript);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"{host.Server} needs a token: set EXPERIMENTS_TOKEN (or pass --token-file)", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task A_refused_token_is_one_line_that_never_shows_the_token_also_with_verbose()
    {
        var result = await Cli.RunAsync(Cli.Environment(host, ApiTokens.Unknown), "status", "--verbose");

        Assert.True(result.ExitCode == 1, result.Transcript);
        Assert.Equal(
            "the server refused the token from EXPERIMENTS_TOKEN: set EXPERIMENTS_TOKEN to a read-write token of the cluster (Experiments__Api__WriteToken)",
            Assert.Single(result.ErrorLines));
        Assert.DoesNotContain(ApiTokens.Unknown, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_spaces_is_refused_here_without_showing_it()
    {
        const string Broken = "write-token with-a-space-in-it";

        var result = await Cli.RunAsync(Cli.Environment(host, Broken), "list", "--verbose");

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.StartsWith("the token in EXPERIMENTS_TOKEN has spaces", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain("with-a-space", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_file_is_read_with_its_line_break_and_wins_over_the_environment()
    {
        var tokenFile = folder.File("token");
        await File.WriteAllTextAsync(tokenFile, ApiTokens.Write + "\n", TestContext.Current.CancellationToken);

        var result = await Cli.RunAsync(Cli.Environment(host, ApiTokens.Unknown), "list", "--token-file", tokenFile);

        Assert.True(result.ExitCode == 0, result.Transcript);
    }

    [Fact]
    public async Task Without_a_server_the_command_says_how_to_set_one_and_exits_2()
    {
        var result = await Cli.RunAsync(new Dictionary<string, string?> { ["EXPERIMENTS_TOKEN"] = ApiTokens.Write }, "list");

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.StartsWith("no server given: pass --server URL or set EXPERIMENTS_SERVER", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_refuses_connections_is_one_line_naming_it_and_the_cause()
    {
        var closed = $"http://127.0.0.1:{FreePorts.Next()}/";

        var result = await Cli.RunAsync(Cli.Environment(host), "status", "--server", closed);

        Assert.True(result.ExitCode == 1, result.Transcript);
        Assert.StartsWith($"cannot reach {closed}: Connection refused.", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_the_api_is_named_as_such()
    {
        var result = await Cli.RunAsync(Cli.Environment(host), "list", "--server", host.Server + "elsewhere/");

        Assert.True(result.ExitCode == 1, result.Transcript);
        Assert.StartsWith($"{host.Server}elsewhere/ has no Experiments REST API (404", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
