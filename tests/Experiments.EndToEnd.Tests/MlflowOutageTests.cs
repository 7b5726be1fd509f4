using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.Testing.Mlflow;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// <c>experiments run</c> against an MLflow server (a real local HTTP server) that goes away during the sweep and comes
/// back: training goes on, and MLflow ends up with every epoch of every trial, the runs closed after their last metric.
/// </summary>
public sealed partial class MlflowOutageTests : IAsyncLifetime
{
    private const int Epochs = 4;
    private FakeMlflowServer server = null!;

    public async ValueTask InitializeAsync() => server = await FakeMlflowServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_server_down_for_part_of_the_sweep_ends_up_with_every_epoch_and_the_runs_closed_after_their_last_metric()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-outage", maxTrials: 2, parallel: 1, epochs: Epochs));

        CliResult result;
        using (var cli = CliProcess.Start(workspace.Directory, Environment(), "run", spec, "--device", "cpu"))
        {
            await cli.WaitForOutputAsync(output => output.Contains("trial 0 RUNNING   epoch 1/", StringComparison.Ordinal), "trial 0 at epoch 1", CliProcess.DefaultTimeout);
            await server.StopAsync();
            await cli.WaitForOutputAsync(output => output.Contains("trial 1 RUNNING   epoch 2/", StringComparison.Ordinal), "trial 1 at epoch 2 while MLflow is down", CliProcess.DefaultTimeout);
            await server.RestartAsync();
            result = await cli.WaitForExitAsync(CliProcess.DefaultTimeout);
        }

        Assert.True(result.ExitCode == 0, result.Transcript);
        AssertEveryEpochArrived(result);
        var warnings = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count(line => line.Contains("cannot take tracking data", StringComparison.Ordinal)) == 1, result.Transcript);
        Assert.DoesNotContain("not yet delivered", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_still_undelivered_when_the_run_ends_is_reported_and_delivered_by_tracking_flush()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-flush", maxTrials: 1, parallel: 1, epochs: 2));
        await server.StopAsync();

        var run = await CliProcess.RunAsync(workspace.Directory, Environment(), "run", spec, "--device", "cpu");

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Matches(PendingSummary(), run.StandardOutput);
        Assert.Contains("experiments tracking flush", run.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(server.AllRuns());

        await server.RestartAsync();
        var flush = await CliProcess.RunAsync(workspace.Directory, Environment(), "tracking", "flush");

        Assert.True(flush.ExitCode == 0, flush.Transcript);
        Assert.Contains("delivered", flush.StandardOutput, StringComparison.Ordinal);
        AssertEveryEpochArrived(run);
    }

    /// <summary>The epochs the CLI showed (what the grains recorded) are exactly what MLflow holds, and every run is FINISHED.</summary>
    private void AssertEveryEpochArrived(CliResult result)
    {
        var runs = server.AllRuns();
        var context = $"{string.Join("; ", runs.Select(r => $"{r.RunName} {r.Status} elbo@{string.Join(",", r.Metrics.Where(m => m.Key == "elbo").Select(m => m.Step))}"))}{System.Environment.NewLine}{result.Transcript}";
        var trials = runs.Where(run => run.RunName.StartsWith("trial-", StringComparison.Ordinal)).ToList();
        Assert.True(runs.Count == trials.Count + 1, $"expected one parent run and the trial runs: {context}");
        Assert.True(runs.All(run => run.Status == "FINISHED"), $"every run should be FINISHED: {context}");
        foreach (Match shown in EpochLine().Matches(result.StandardOutput))
        {
            var trial = trials.SingleOrDefault(run => run.RunName == $"trial-{int.Parse(shown.Groups["trial"].Value, CultureInfo.InvariantCulture):D4}");
            Assert.True(trial is not null, $"no run for {shown.Value}: {context}");
            var epoch = long.Parse(shown.Groups["epoch"].Value, CultureInfo.InvariantCulture);
            var logged = trial.Metrics.Where(m => m.Key == "elbo" && m.Step == epoch).Select(m => m.Value.ToString("0.####", CultureInfo.InvariantCulture)).ToList();
            Assert.True(logged.SequenceEqual([shown.Groups["elbo"].Value]), $"{shown.Value} but MLflow has [{string.Join(", ", logged)}]: {context}");
        }

        var epochs = int.Parse(EpochLine().Matches(result.StandardOutput).Select(m => m.Groups["of"].Value).First(), CultureInfo.InvariantCulture);
        Assert.All(trials, trial => Assert.True(
            trial.Metrics.Where(m => m.Key == "elbo").Select(m => m.Step).SequenceEqual(Enumerable.Range(1, epochs).Select(e => (long)e)),
            $"{trial.RunName} should have elbo for epochs 1..{epochs}, once each: {context}"));
    }

    private Dictionary<string, string?> Environment() => new() { ["MLFLOW_TRACKING_URI"] = server.BaseUri.ToString() };

    [GeneratedRegex(@"trial (?<trial>\d+) (RUNNING|COMPLETED)\s+epoch (?<epoch>[1-9]\d*)/(?<of>\d+) elbo=(?<elbo>-?[\d.]+)")]
    private static partial Regex EpochLine();

    [GeneratedRegex(@"Tracking: \d+ items are not yet delivered to http://127\.0\.0\.1:\d+/ \(.*refused.*\); they are kept in \./\.experiments/outbox/0")]
    private static partial Regex PendingSummary();
}
