using Experiments.Cli.Display;
using Experiments.Grains.Sweeps;
using Experiments.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Experiments.Cli.Tests;

public sealed class StatusCommandTests(ClusterHost host) : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Status_lists_the_sweeps_and_list_their_experiments()
    {
        var name = FunctionSpecs.UniqueName("listed");
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(name, maxTrials: 2));
        await RemoteSweeps.UntilFinishedAsync(host, sweepId);

        var status = await Cli.RunAsync(Cli.Environment(host), "status");
        var list = await Cli.RunAsync(Cli.Environment(host), "list");

        Assert.True(status.ExitCode == 0, status.Transcript);
        var row = Assert.Single(status.Output.Split('\n'), line => line.Contains(name, StringComparison.Ordinal));
        Assert.Contains(sweepId.ToString("N")[..12], row, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", row, StringComparison.Ordinal);
        Assert.Contains("2/2", row, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Transcript);
        var experiment = Assert.Single(list.Output.Split('\n'), line => line.Contains(name, StringComparison.Ordinal));
        Assert.Contains(sweepId.ToString("N")[..12], experiment, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", experiment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_one_sweep_shows_its_detail_and_every_trial()
    {
        var name = FunctionSpecs.UniqueName("detail");
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(name, maxTrials: 3, parallel: 3));
        await RemoteSweeps.UntilFinishedAsync(host, sweepId);

        var result = await Cli.RunAsync(Cli.Environment(host), "status", sweepId.ToString("N")[..8]);

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.StartsWith($"Sweep {sweepId:N} of '{name}' on {host.Server}", result.Output, StringComparison.Ordinal);
        Assert.Contains("  status:     COMPLETED", result.Output, StringComparison.Ordinal);
        Assert.Contains("  trials:     3/3 done: 3 completed", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{name}: COMPLETED, minimize value", result.Output, StringComparison.Ordinal);
        Assert.Equal(3, result.Output.Split('\n').Count(line => line.Contains(" COMPLETED ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Watching_a_running_sweep_with_redirected_output_prints_progress_lines_then_the_leaderboard_and_exits_0()
    {
        var name = FunctionSpecs.UniqueName("watch");
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(name, maxTrials: 4, parallel: 2, epochs: 3, secondsPerEpoch: 0.5));

        var result = await Cli.RunAsync(Cli.Environment(host), "status", sweepId.ToString("N")[..10], "--watch");

        Assert.True(result.ExitCode == 0, result.Transcript);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith($"Sweep {sweepId:N} of '{name}' on {host.Server}: RUNNING, ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" of 4 trials finished (function on branin, 2 in parallel).", lines[0], StringComparison.Ordinal);
        var lastProgress = Array.FindLastIndex(lines, line => line.StartsWith('[') && line.Contains("s] trial ", StringComparison.Ordinal));
        var board = Array.FindIndex(lines, line => line.Contains($"{name}: COMPLETED, minimize value", StringComparison.Ordinal));
        Assert.True(lastProgress > 0 && board > lastProgress, result.Transcript);
        Assert.All(Enumerable.Range(0, 4), number => Assert.Contains(lines, line => line.Contains($"trial {number} COMPLETED epoch 3/3", StringComparison.Ordinal)));
        Assert.StartsWith("Best: trial ", lines.Last(line => line.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_sweep_renders_exactly_as_the_same_sweep_does_in_experiments_run()
    {
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(FunctionSpecs.UniqueName("same"), maxTrials: 5, parallel: 2));
        await RemoteSweeps.UntilFinishedAsync(host, sweepId);
        var snapshot = await host.App.Services.GetRequiredService<IGrainFactory>().GetGrain<ISweepGrain>(sweepId).GetSnapshotAsync();
        using var client = RemoteSweeps.Client(host);
        var detail = await client.GetSweepAsync(sweepId, TestContext.Current.CancellationToken);
        var trials = await client.GetAllTrialsAsync(sweepId, TestContext.Current.CancellationToken);

        var embedded = SnapshotViews.Of(snapshot);
        var remote = RemoteViews.Of(detail, trials);

        Assert.Equal(Render(Leaderboard.Build(embedded)), Render(Leaderboard.Build(remote)));
        Assert.Equal(await ProgressLinesAsync(embedded), await ProgressLinesAsync(remote));
        Assert.Equal(embedded.BestTrial?.ParametersText, remote.BestTrial?.ParametersText);
    }

    private static string Render(Table table)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No });
        console.Profile.Width = 200;
        console.Write(table);
        return writer.ToString();
    }

    private static async Task<string> ProgressLinesAsync(SweepView sweep)
    {
        using var writer = new StringWriter();
        await new LineProgress(writer, new FrozenClock()).RunAsync(_ => Task.FromResult(sweep), TestContext.Current.CancellationToken);
        return writer.ToString();
    }

    /// <summary>Time stands still, so elapsed times print alike.</summary>
    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
