using System.Text.RegularExpressions;

namespace Experiments.EndToEnd.Tests;

/// <summary>Ctrl-C stops a sweep cleanly (exit 130, running trial KILLED) and the same command resumes it.</summary>
public sealed partial class InterruptAndResumeTests
{
    [Fact]
    public async Task Sigint_kills_the_running_trial_and_running_again_resumes_only_the_unfinished_one()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-resume", maxTrials: 2, parallel: 1, epochs: Epochs));
        string[] arguments = ["run", spec, "--device", "cpu"];

        CliResult interrupted;
        using (var cli = CliProcess.Start(workspace.Directory, null, arguments))
        {
            // Interrupt while trial 1 is early on, after trial 0 has finished: one of each kind to check on resume.
            // The epochs left after the match are the margin for the display's lag and the signal's way to the
            // worker: on a fast machine an epoch of this tiny VAE takes a fraction of a second.
            await cli.WaitForOutputAsync(
                output => output.Contains("trial 0 COMPLETED", StringComparison.Ordinal) && Trial1MidWay().IsMatch(output),
                $"trial 0 COMPLETED and trial 1 RUNNING at epoch 1 to 5 of {Epochs}",
                CliProcess.DefaultTimeout);
            await cli.InterruptAsync();
            interrupted = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.True(interrupted.ExitCode == 130, interrupted.Transcript);
        var afterInterrupt = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-resume", interrupted);
        Assert.DoesNotContain(afterInterrupt.Trials, run => run.Status == MlflowRun.Running);
        Assert.True(
            afterInterrupt.TrialRunsNamed("trial-0001").SingleOrDefault()?.Status == MlflowRun.Killed,
            $"trial-0001 should have one KILLED run: {afterInterrupt.Describe()}{Environment.NewLine}{interrupted.Transcript}");
        Assert.True(
            afterInterrupt.TrialRunsNamed("trial-0000").SingleOrDefault()?.Status == MlflowRun.Finished,
            $"trial-0000 should have one FINISHED run: {afterInterrupt.Describe()}{Environment.NewLine}{interrupted.Transcript}");

        var resumed = await CliProcess.RunAsync(workspace.Directory, null, arguments);

        Assert.True(resumed.ExitCode == 0, resumed.Transcript);
        Assert.Contains("Resuming", resumed.StandardOutput, StringComparison.Ordinal);
        var final = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-resume", resumed);
        var context = $"{final.Describe()}{Environment.NewLine}{resumed.Transcript}";
        Assert.True(final.Parent.Status == MlflowRun.Finished, $"parent run not FINISHED: {context}");
        var trial0 = final.TrialRunsNamed("trial-0000");
        Assert.True(trial0.Count == 1 && trial0[0].Status == MlflowRun.Finished, $"trial-0000 must not be re-run: {context}");
        var trial1 = final.TrialRunsNamed("trial-0001").Select(run => run.Status).Order().ToList();
        Assert.True(trial1.SequenceEqual([MlflowRun.Finished, MlflowRun.Killed]), $"trial-0001 should have a KILLED and a FINISHED run: {context}");
        Assert.Equal(3, final.Trials.Count);
    }

    private const int Epochs = 30;

    [GeneratedRegex(@"trial 1 RUNNING\s+epoch [1-5]/30")]
    private static partial Regex Trial1MidWay();
}
