namespace Experiments.Cli.Tests;

public sealed class StopAndResumeCommandTests(ClusterHost host)
{
    [Fact]
    public async Task Stop_interrupts_a_running_sweep_and_resume_runs_it_again()
    {
        var name = FunctionSpecs.UniqueName("stop");
        // Long enough never to finish before it is stopped: trials of 100 epochs of 0.2 s.
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(name, maxTrials: 6, parallel: 2, epochs: 100, secondsPerEpoch: 0.2));
        await RemoteSweeps.UntilAsync(host, sweepId, s => s.Trials.Running > 0);
        var prefix = sweepId.ToString("N")[..12];

        var stop = await Cli.RunAsync(Cli.Environment(host), "stop", prefix, "--reason", "enough for today");
        var watch = await Cli.RunAsync(Cli.Environment(host), "status", prefix, "--watch");
        var resume = await Cli.RunAsync(Cli.Environment(host), "resume", prefix);
        var running = await RemoteSweeps.GetAsync(host, sweepId);
        var stopAgain = await Cli.RunAsync(Cli.Environment(host), "stop", prefix);

        Assert.True(stop.ExitCode == 0, stop.Transcript);
        Assert.Contains($"Sweep {sweepId:N} of '{name}' stopped: INTERRUPTED (enough for today); ", stop.Output, StringComparison.Ordinal);
        Assert.Contains("trials KILLED", stop.Output, StringComparison.Ordinal);
        Assert.True(watch.ExitCode == 1, watch.Transcript);
        Assert.Contains("KILLED", watch.Output, StringComparison.Ordinal);
        Assert.Contains("Sweep INTERRUPTED: enough for today", watch.Output, StringComparison.Ordinal);
        Assert.True(resume.ExitCode == 0, resume.Transcript);
        Assert.Contains($"Sweep {sweepId:N} of '{name}' resumed: RUNNING", resume.Output, StringComparison.Ordinal);
        Assert.Equal("RUNNING", running.Status);
        Assert.True(stopAgain.ExitCode == 0, stopAgain.Transcript);
        Assert.Equal("INTERRUPTED", (await RemoteSweeps.GetAsync(host, sweepId)).Status);
    }

    [Fact]
    public async Task A_finished_sweep_has_nothing_to_stop_and_cannot_be_resumed()
    {
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(FunctionSpecs.UniqueName("finished"), maxTrials: 1, parallel: 1, epochs: 1));
        await RemoteSweeps.UntilFinishedAsync(host, sweepId);

        var stop = await Cli.RunAsync(Cli.Environment(host), "stop", sweepId.ToString("N"));
        var resume = await Cli.RunAsync(Cli.Environment(host), "resume", sweepId.ToString("N"));

        Assert.True(stop.ExitCode == 0, stop.Transcript);
        Assert.Contains("is COMPLETED; nothing to stop.", stop.Output, StringComparison.Ordinal);
        Assert.True(resume.ExitCode == 1, resume.Transcript);
        Assert.Contains("already finished as COMPLETED; nothing to resume. Submit its spec with --new", resume.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_token_may_look_but_not_stop()
    {
        var sweepId = await RemoteSweeps.SubmitAsync(host, FunctionSpecs.Branin(FunctionSpecs.UniqueName("readonly"), maxTrials: 2, parallel: 1, epochs: 100, secondsPerEpoch: 0.2));
        await RemoteSweeps.UntilAsync(host, sweepId, s => s.Trials.Running > 0);

        var status = await Cli.RunAsync(Cli.Environment(host, ApiTokens.Read), "status", sweepId.ToString("N"));
        var stop = await Cli.RunAsync(Cli.Environment(host, ApiTokens.Read), "stop", sweepId.ToString("N"));

        Assert.True(status.ExitCode == 0, status.Transcript);
        Assert.True(stop.ExitCode == 1, stop.Transcript);
        var line = Assert.Single(stop.ErrorLines);
        Assert.Equal(
            "the server refused the token from EXPERIMENTS_TOKEN for this: it may only read; set EXPERIMENTS_TOKEN to a read-write token of the cluster (Experiments__Api__WriteToken)",
            line);
        Assert.Equal("RUNNING", (await RemoteSweeps.GetAsync(host, sweepId)).Status);
        Assert.Equal(0, (await Cli.RunAsync(Cli.Environment(host), "stop", sweepId.ToString("N"))).ExitCode);
    }
}
