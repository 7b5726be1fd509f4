using Experiments.Testing;
using System.Text.RegularExpressions;

namespace Experiments.EndToEnd.Tests;

/// <summary>
/// The state folder as a user meets its failures, through the real CLI: a damaged state file, a rerun
/// of a finished sweep, and a disk that fills up mid-sweep.
/// </summary>
public sealed partial class StateFailureTests
{
    [Fact]
    public async Task A_truncated_experiment_state_file_is_named_without_a_stack_trace_and_new_starts_a_fresh_sweep()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-damaged", maxTrials: 1, parallel: 1, epochs: 1));
        var first = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");
        Assert.True(first.ExitCode == 0, first.Transcript);
        var file = Directory.GetFiles(Path.Combine(workspace.StateDirectory, "state"), "experiment_*.state").Single();
        var truncated = File.ReadAllBytes(file)[..^7];
        File.WriteAllBytes(file, truncated);

        var refused = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");

        Assert.True(refused.ExitCode == 1, refused.Transcript);
        Assert.Matches($@"^The state file {Regex.Escape(file)} is damaged \(truncated: \d+ of \d+ bytes\); run with --new to start a new sweep .*, or move it aside\.$", refused.StandardError.Trim());
        Assert.False(StackTraceLine().IsMatch(refused.StandardOutput + refused.StandardError), refused.Transcript);
        Assert.Equal(truncated, File.ReadAllBytes(file));

        var fresh = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu", "--new");

        Assert.True(fresh.ExitCode == 0, fresh.Transcript);
        Assert.Contains("trial 0 COMPLETED", fresh.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(truncated, File.ReadAllBytes(file + ".damaged"));
        Assert.False(StackTraceLine().IsMatch(fresh.StandardOutput + fresh.StandardError), fresh.Transcript);
    }

    [Fact]
    public async Task Rerunning_a_completed_spec_prints_its_leaderboard_and_exits_0_without_training_again()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-completed", maxTrials: 2, parallel: 1, epochs: 1));
        var first = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");
        Assert.True(first.ExitCode == 0, first.Transcript);
        var runsBefore = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-completed", first).All.Count;

        var again = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");

        Assert.True(again.ExitCode == 0, again.Transcript);
        Assert.Matches(@"Sweep [0-9a-f]{32} of 'e2e-completed' already completed \(2 trials\); nothing to run\.", again.StandardOutput);
        Assert.Contains("e2e-completed: COMPLETED, maximize elbo", again.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(again.StandardOutput, @"│ [12]\s+│ [01]\s+│ COMPLETED").Count);
        Assert.Contains("Best: trial ", again.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Run with --new to start another sweep of this spec.", again.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("RUNNING", again.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(runsBefore, SweepRuns.Read(workspace.MlrunsDirectory, "e2e-completed", again).All.Count);
    }

    [Fact]
    public async Task A_state_disk_that_fills_up_mid_sweep_stops_it_naming_the_file_with_the_trial_killed_and_the_same_command_resumes_once_space_is_freed()
    {
        using var workspace = new TestWorkspace();
        var stateDirectory = Directory.CreateDirectory(Path.Combine(workspace.StateDirectory, "state")).FullName;
        using var disk = ScratchMount.Tmpfs(stateDirectory, "1m");
        // Enough epochs that training is still going when the storage's retries (7.5 s) are spent.
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-full-disk", maxTrials: 1, parallel: 1, epochs: 30));
        string[] arguments = ["run", spec, "--device", "cpu"];

        CliResult stopped;
        string filler;
        using (var cli = CliProcess.Start(workspace.Directory, null, arguments))
        {
            await cli.WaitForOutputAsync(output => Trial0Training().IsMatch(output), "trial 0 RUNNING at epoch 1 or later", CliProcess.DefaultTimeout);
            filler = disk.Fill();
            stopped = await cli.WaitForExitAsync(TimeSpan.FromSeconds(90));
        }

        Assert.True(stopped.ExitCode == 1, stopped.Transcript);
        Assert.Matches(
            $@"^Sweep stopped, running trials KILLED: cannot write grain state to {Regex.Escape(stateDirectory)}/\S+\.state: No space left on device; free space or make the folder writable, then run the same command again to resume from the last saved state\.$",
            stopped.StandardError.Trim());
        Assert.False(StackTraceLine().IsMatch(stopped.StandardOutput + stopped.StandardError), stopped.Transcript);
        Assert.Matches(@"│ -\s+│ 0\s+│ KILLED", stopped.StandardOutput);
        Assert.Empty(Directory.GetFiles(stateDirectory, "*.tmp"));
        var afterStop = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-full-disk", stopped);
        Assert.True(
            afterStop.TrialRunsNamed("trial-0000").SingleOrDefault()?.Status == MlflowRun.Killed,
            $"the worker should have stopped training and closed its run KILLED: {afterStop.Describe()}{Environment.NewLine}{stopped.Transcript}");

        File.Delete(filler);
        var resumed = await CliProcess.RunAsync(workspace.Directory, null, arguments);

        Assert.True(resumed.ExitCode == 0, resumed.Transcript);
        Assert.Contains("Resuming sweep", resumed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("trial 0 COMPLETED epoch 30/30", resumed.StandardOutput, StringComparison.Ordinal);
        var final = SweepRuns.Read(workspace.MlrunsDirectory, "e2e-full-disk", resumed);
        Assert.Equal([MlflowRun.Finished, MlflowRun.Killed], final.TrialRunsNamed("trial-0000").Select(run => run.Status).Order());
        Assert.Equal(MlflowRun.Finished, final.Parent.Status);
    }

    [GeneratedRegex(@"trial 0 RUNNING\s+epoch [1-9]\d*/30")]
    private static partial Regex Trial0Training();

    /// <summary>A .NET stack frame ("at Namespace.Type.Method(...)", also inside a one-line log entry), which must never reach the console.</summary>
    [GeneratedRegex(@"(^|\s)at [\w.`<>\[\],]+\(")]
    private static partial Regex StackTraceLine();
}
