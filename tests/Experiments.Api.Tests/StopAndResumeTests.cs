using System.Net;
using Experiments.Contracts.Api;

namespace Experiments.Api.Tests;

public sealed class StopAndResumeTests(ApiHost host)
{
    private readonly HttpClient writer = host.Client(ApiTokens.Write);

    [Fact]
    public async Task Stop_interrupts_the_sweep_and_kills_its_trials_and_resume_runs_them_again_to_completion()
    {
        var name = FunctionSpecs.UniqueName("stop");
        host.Script.Hold(name);
        var submitted = await (await writer.SubmitAsync(FunctionSpecs.Branin(name, maxTrials: 3, parallel: 2))).ReadAsync<SweepSubmission>();
        await SweepPolling.UntilAsync(writer, submitted.SweepId, s => s.Trials.Pending == 2);

        var stopped = await (await writer.PostJsonAsync($"/api/sweeps/{submitted.SweepId}/stop", new StopSweepRequest("out of budget"))).ReadAsync<SweepDetail>();

        Assert.Equal(("INTERRUPTED", "out of budget"), (stopped.Status, stopped.Reason));
        Assert.Equal(new TrialCounts(2, 0, 0, 0, 0, 2, 0), stopped.Trials);
        Assert.NotNull(stopped.FinishedAt);
        var killed = (await (await writer.GetResponseAsync($"/api/sweeps/{submitted.SweepId}/trials")).ReadAsync<TrialPage>()).Trials;
        Assert.All(killed, t => Assert.Equal(("KILLED", "out of budget"), (t.Status, t.FailureReason)));
        Assert.Equal(2, host.Script.Cancelled.Count(c => c.TrialId.StartsWith(submitted.SweepId.ToString("N"), StringComparison.Ordinal)));

        host.Script.Release(name);
        var resumed = await (await writer.PostEmptyAsync($"/api/sweeps/{submitted.SweepId}/resume")).ReadAsync<SweepDetail>();

        Assert.Equal("RUNNING", resumed.Status);
        Assert.Null(resumed.Reason);
        var finished = await SweepPolling.UntilFinishedAsync(writer, submitted.SweepId);
        Assert.Equal("COMPLETED", finished.Status);
        Assert.Equal(3, finished.Trials.Completed);
        var trials = (await (await writer.GetResponseAsync($"/api/sweeps/{submitted.SweepId}/trials")).ReadAsync<TrialPage>()).Trials;
        Assert.Equal([2, 2, 1], trials.Select(t => t.Attempt));
    }

    [Fact]
    public async Task Submitting_the_spec_of_an_interrupted_sweep_resumes_it()
    {
        var name = FunctionSpecs.UniqueName("resubmit");
        host.Script.Hold(name);
        var spec = FunctionSpecs.Branin(name, maxTrials: 2, parallel: 2);
        var submitted = await (await writer.SubmitAsync(spec)).ReadAsync<SweepSubmission>();
        await SweepPolling.UntilAsync(writer, submitted.SweepId, s => s.Trials.Pending == 2);
        await writer.PostEmptyAsync($"/api/sweeps/{submitted.SweepId}/stop");
        host.Script.Release(name);

        var again = await writer.SubmitAsync(spec);
        var resumed = await again.ReadAsync<SweepSubmission>();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((submitted.SweepId, true, false), (resumed.SweepId, resumed.Resumed, resumed.Created));
        Assert.StartsWith($"Resuming sweep {submitted.SweepId}", resumed.Message, StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (await SweepPolling.UntilFinishedAsync(writer, submitted.SweepId)).Status);
    }

    [Fact]
    public async Task Stopping_a_finished_sweep_changes_nothing_and_resuming_it_is_a_conflict()
    {
        var submitted = await (await writer.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("finished"), maxTrials: 1, parallel: 1))).ReadAsync<SweepSubmission>();
        await SweepPolling.UntilFinishedAsync(writer, submitted.SweepId);

        var stopped = await (await writer.PostEmptyAsync($"/api/sweeps/{submitted.SweepId}/stop")).ReadAsync<SweepDetail>();
        var problem = await (await writer.PostEmptyAsync($"/api/sweeps/{submitted.SweepId}/resume")).ReadProblemAsync(409);

        Assert.Equal("COMPLETED", stopped.Status);
        Assert.Contains("new=true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resuming_a_running_sweep_leaves_its_trials_alone()
    {
        var name = FunctionSpecs.UniqueName("resume-running");
        host.Script.Hold(name);
        var submitted = await (await writer.SubmitAsync(FunctionSpecs.Branin(name, maxTrials: 2, parallel: 2))).ReadAsync<SweepSubmission>();
        await SweepPolling.UntilAsync(writer, submitted.SweepId, s => s.Trials.Pending == 2);

        var resumed = await (await writer.PostEmptyAsync($"/api/sweeps/{submitted.SweepId}/resume")).ReadAsync<SweepDetail>();

        Assert.Equal("RUNNING", resumed.Status);
        Assert.Equal(2, host.Script.DispatchedFor(name));
        await writer.PostEmptyAsync($"/api/sweeps/{submitted.SweepId}/stop");
    }

    [Fact]
    public async Task A_stop_body_that_is_not_a_stop_request_is_refused()
    {
        var submitted = await (await writer.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("stopbody"), maxTrials: 1, parallel: 1))).ReadAsync<SweepSubmission>();
        var content = new StringContent("{\"reason\": ", System.Text.Encoding.UTF8, "application/json");

        await (await writer.PostAsync($"/api/sweeps/{submitted.SweepId}/stop", content, TestContext.Current.CancellationToken)).ReadProblemAsync(400);
        var text = new StringContent("please stop", System.Text.Encoding.UTF8, "text/plain");
        await (await writer.PostAsync($"/api/sweeps/{submitted.SweepId}/stop", text, TestContext.Current.CancellationToken)).ReadProblemAsync(415);
    }
}
