namespace Experiments.EndToEnd.Tests;

/// <summary><c>experiments run</c> from start to finish, checked through what a user sees: the output and ./mlruns.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_completes_the_sweep_prints_the_leaderboard_and_tracks_every_trial_in_mlflow()
    {
        using var workspace = new TestWorkspace();
        const int maxTrials = 2;
        const int epochs = 2;
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-run", maxTrials, parallel: 1, epochs));

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Contains("Best: trial ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("trial 0 COMPLETED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("trial 1 COMPLETED", result.StandardOutput, StringComparison.Ordinal);

        var sweep = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-run", result);
        Assert.True(sweep.Parent.Status == MlflowRun.Finished, $"Parent run status {sweep.Parent.Status}: {sweep.Describe()}");
        Assert.Equal(["trial-0000", "trial-0001"], sweep.Trials.Select(run => run.RunName).Order(StringComparer.Ordinal));
        Assert.All(sweep.Trials, trial =>
        {
            Assert.True(trial.Status == MlflowRun.Finished, $"{trial.RunName} status {trial.Status}: {sweep.Describe()}");
            Assert.Equal(epochs, trial.MetricLines("elbo").Count);
        });
    }
}
