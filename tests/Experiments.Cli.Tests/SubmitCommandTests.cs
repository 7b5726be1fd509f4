using Experiments.Hosting;
using System.Text.RegularExpressions;
using Experiments.Testing;

namespace Experiments.Cli.Tests;

public sealed partial class SubmitCommandTests(ClusterHost host) : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Submit_prints_the_sweep_id_and_the_servers_message_and_the_sweep_exists_on_the_server()
    {
        var name = FunctionSpecs.UniqueName("submit");
        var spec = FunctionSpecs.Write(folder.Path, FunctionSpecs.Branin(name), "branin.yaml");

        var result = await Cli.RunAsync(Cli.Environment(host), "submit", spec);

        Assert.True(result.ExitCode == 0, result.Transcript);
        var sweepId = Guid.ParseExact(SubmittedId().Match(result.Output).Groups["id"].Value, "N");
        Assert.Contains($"Sweep {sweepId} of '{name}' started: 4 trials of function on branin, 2 in parallel.", result.Output, StringComparison.Ordinal);
        var sweep = await RemoteSweeps.GetAsync(host, sweepId);
        Assert.Equal((name, "branin.yaml"), (sweep.Experiment, sweep.SourceName));
        Assert.Equal("COMPLETED", (await RemoteSweeps.UntilFinishedAsync(host, sweepId)).Status);
    }

    [Fact]
    public async Task A_spec_that_is_invalid_here_exits_2_with_its_positions_and_is_never_sent()
    {
        var name = FunctionSpecs.UniqueName("invalid");
        var spec = FunctionSpecs.Write(folder.Path, FunctionSpecs.Branin(name).Replace("max_trials: 4", "max_trials: two", StringComparison.Ordinal));

        var result = await Cli.RunAsync(Cli.Environment(host), "submit", spec);
        // Checked before any server is even looked at: one that does not exist changes nothing.
        var offline = await Cli.RunAsync(new Dictionary<string, string?> { ["EXPERIMENTS_SERVER"] = $"http://127.0.0.1:{FreePorts.Next()}" }, "submit", spec);

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Matches($@"^{Regex.Escape(spec)}:5:\d+: budget\.max_trials: ", result.ErrorLines[0]);
        Assert.Contains("nothing was run", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal((2, result.Error), (offline.ExitCode, offline.Error));
        var listed = await Cli.RunAsync(Cli.Environment(host), "list");
        Assert.DoesNotContain(name, listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_only_the_server_finds_are_printed_as_local_ones_and_exit_2()
    {
        // The program's folder exists next to the spec here, but not under the silo's folder, where the server resolves it.
        var workFolder = $"work-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(folder.Path, workFolder));
        var spec = FunctionSpecs.Write(folder.Path, $$"""
            name: {{FunctionSpecs.UniqueName("server-invalid")}}
            model: command
            command: {run: "true {lr}", directory: {{workFolder}}}
            objective: {metric: val_loss, goal: minimize}
            budget: {max_trials: 1, epochs: 1}
            parameters:
              lr: {type: loguniform, min: 1.0e-4, max: 1.0e-1}

            """);

        var result = await Cli.RunAsync(Cli.Environment(host), "submit", spec);

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Matches($@"^{Regex.Escape(spec)}:3:\d+: command\.directory: ", result.ErrorLines[0]);
        Assert.Equal($"1 error(s) found by {host.Server}; nothing was run.", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task A_data_set_folder_is_left_for_the_silo_to_check()
    {
        // A cluster's data sets are mounted on the silo and the workers, not where the spec is submitted from.
        var spec = FunctionSpecs.Write(folder.Path, $"""
            name: {FunctionSpecs.UniqueName("silo-folder")}
            model: vae
            dataset: /mnt/nowhere-{Guid.NewGuid():N}
            objective: {"{"}metric: elbo, goal: maximize{"}"}
            budget: {"{"}max_trials: 1, epochs: 1{"}"}
            parameters:
              learning_rate: {"{"}type: loguniform, min: 1.0e-4, max: 3.0e-3{"}"}

            """);

        var validate = await Cli.RunAsync(Cli.Environment(host), "validate", spec);
        var result = await Cli.RunAsync(Cli.Environment(host), "submit", spec);

        Assert.True(validate.ExitCode == 2, validate.Transcript);
        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Matches($@"^{Regex.Escape(spec)}:3:\d+: dataset: unknown data set '/mnt/nowhere-", result.ErrorLines[0]);
        Assert.Equal($"1 error(s) found by {host.Server}; nothing was run.", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task Submit_with_watch_follows_the_sweep_to_its_leaderboard_and_exits_0()
    {
        var name = FunctionSpecs.UniqueName("submit-watch");
        var spec = FunctionSpecs.Write(folder.Path, FunctionSpecs.Branin(name, maxTrials: 3, parallel: 1));

        var result = await Cli.RunAsync(Cli.Environment(host), "submit", spec, "--watch");

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Contains($"'{name}' started", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{name}: COMPLETED, minimize value", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"Best: trial \d, value = \S+ \(x1=\S+ x2=\S+ seconds_per_epoch=0\.05\)\. In MLflow: experiment ", result.Output);
    }

    [Fact]
    public async Task Submitting_the_same_spec_again_while_it_runs_says_so_and_starts_nothing()
    {
        var name = FunctionSpecs.UniqueName("resubmit");
        var spec = FunctionSpecs.Write(folder.Path, FunctionSpecs.Branin(name, maxTrials: 2, parallel: 1, epochs: 50, secondsPerEpoch: 0.2));
        var first = await Cli.RunAsync(Cli.Environment(host), "submit", spec);
        var sweepId = SubmittedId().Match(first.Output).Groups["id"].Value;

        var again = await Cli.RunAsync(Cli.Environment(host), "submit", spec);

        Assert.True(again.ExitCode == 0, again.Transcript);
        Assert.Contains($"sweep {sweepId}", again.Output, StringComparison.Ordinal);
        Assert.Contains("is already running; it was left as it is", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli.RunAsync(Cli.Environment(host), "stop", sweepId)).ExitCode);
    }

    [GeneratedRegex(@"sweep (?<id>[0-9a-f]{32})$", RegexOptions.Multiline)]
    private static partial Regex SubmittedId();
}
