using System.Net;
using Experiments.Contracts.Api;

namespace Experiments.Api.Tests;

public sealed class SubmitSweepTests(ApiHost host)
{
    private readonly HttpClient writer = host.Client(ApiTokens.Write);

    [Fact]
    public async Task A_submitted_spec_starts_a_sweep_that_is_listed_and_runs_to_completion()
    {
        var name = FunctionSpecs.UniqueName("submit");

        var response = await writer.SubmitAsync(FunctionSpecs.Branin(name, maxTrials: 4, parallel: 2), "?name=branin.yaml");
        var submitted = await response.ReadAsync<SweepSubmission>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/sweeps/{submitted.SweepId}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, submitted.Experiment);
        Assert.True(submitted.Created);
        Assert.False(submitted.Resumed || submitted.AlreadyRunning || submitted.AlreadyFinished);
        Assert.Contains("4 trials of function on branin, 2 in parallel", submitted.Message, StringComparison.Ordinal);

        var sweeps = await (await writer.GetResponseAsync("/api/sweeps")).ReadAsync<List<SweepSummary>>();
        Assert.Contains(sweeps, s => s.SweepId == submitted.SweepId && s.Experiment == name);

        var finished = await SweepPolling.UntilFinishedAsync(writer, submitted.SweepId);
        Assert.Equal("COMPLETED", finished.Status);
        Assert.Equal(new TrialCounts(4, 0, 0, 4, 0, 0, 0), finished.Trials);
        Assert.Equal(("function", "branin", "value", "minimize"), (finished.Model, finished.Dataset, finished.ObjectiveMetric, finished.Goal));
        Assert.Equal((4, 2, 2, "random", "none", 7L), (finished.MaxTrials, finished.Parallel, finished.Epochs, finished.Algorithm, finished.Scheduler, finished.Seed));
        Assert.Equal("branin.yaml", finished.SourceName);
        Assert.NotNull(finished.ParentRunKey);
        Assert.NotNull(finished.FinishedAt);
        Assert.True(finished.FinishedAt >= finished.CreatedAt);

        var trials = await (await writer.GetResponseAsync($"/api/sweeps/{submitted.SweepId}/trials")).ReadAsync<TrialPage>();
        var best = trials.Trials.MinBy(t => t.Objective)!;
        Assert.Equal((best.TrialId, best.Number, best.Objective), (finished.BestTrialId, finished.BestTrialNumber!.Value, finished.BestObjective));

        var listed = (await (await writer.GetResponseAsync("/api/sweeps")).ReadAsync<List<SweepSummary>>()).Single(s => s.SweepId == submitted.SweepId);
        Assert.Equal(("COMPLETED", 4, 4, finished.BestObjective), (listed.Status, listed.Trials!.Completed, listed.MaxTrials, listed.BestObjective));
        Assert.Equal(finished.CreatedAt, listed.CreatedAt);
        Assert.Null(listed.Problem);
    }

    [Fact]
    public async Task The_same_spec_again_returns_the_finished_sweep_and_new_starts_another_under_the_same_experiment()
    {
        var name = FunctionSpecs.UniqueName("again");
        var spec = FunctionSpecs.Branin(name, maxTrials: 2, parallel: 2);
        var first = await (await writer.SubmitAsync(spec)).ReadAsync<SweepSubmission>();
        await SweepPolling.UntilFinishedAsync(writer, first.SweepId);

        var again = await writer.SubmitAsync(spec);
        var repeated = await again.ReadAsync<SweepSubmission>();
        var fresh = await writer.SubmitAsync(spec, "?new=true");
        var second = await fresh.ReadAsync<SweepSubmission>();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal($"/api/sweeps/{first.SweepId}", again.Headers.Location?.OriginalString);
        Assert.Equal((first.SweepId, true, false, "COMPLETED"), (repeated.SweepId, repeated.AlreadyFinished, repeated.Created, repeated.Status));
        Assert.Contains("new=true", repeated.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.NotEqual(first.SweepId, second.SweepId);
        Assert.True(second.Created);

        var experiment = await (await writer.GetResponseAsync($"/api/experiments/{name}")).ReadAsync<ExperimentDetail>();
        Assert.Equal([first.SweepId, second.SweepId], experiment.Sweeps.Select(s => s.SweepId));
        var experiments = await (await writer.GetResponseAsync("/api/experiments")).ReadAsync<List<ExperimentSummary>>();
        var listed = Assert.Single(experiments, e => e.Name == name);
        Assert.Equal((2, second.SweepId), (listed.SweepCount, listed.LatestSweepId));
        Assert.Equal(experiments.Select(e => e.Name).Order(StringComparer.Ordinal), experiments.Select(e => e.Name));
    }

    [Fact]
    public async Task The_same_spec_while_its_sweep_runs_leaves_the_sweep_alone()
    {
        var name = FunctionSpecs.UniqueName("running");
        host.Script.Hold(name);
        var spec = FunctionSpecs.Branin(name, maxTrials: 3, parallel: 2);
        var first = await (await writer.SubmitAsync(spec)).ReadAsync<SweepSubmission>();
        await SweepPolling.UntilAsync(writer, first.SweepId, s => s.Trials.Pending == 2);

        var again = await writer.SubmitAsync(spec);
        var repeated = await again.ReadAsync<SweepSubmission>();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((first.SweepId, true, "RUNNING"), (repeated.SweepId, repeated.AlreadyRunning, repeated.Status));
        // Resuming would have dispatched both trials again as attempt 2.
        Assert.Equal(2, host.Script.DispatchedFor(name));
        Assert.All(host.Script.Dispatched.Where(d => d.Tracking.ExperimentName == name), d => Assert.Equal(1, d.Attempt));
        await writer.PostEmptyAsync($"/api/sweeps/{first.SweepId}/stop");
    }

    [Fact]
    public async Task Relative_data_set_paths_resolve_against_the_silos_folder_not_the_clients()
    {
        var spec = FunctionSpecs.Branin(FunctionSpecs.UniqueName("dataset")).Replace("model: function\ndataset: branin", "model: vae\ndataset: ./digits", StringComparison.Ordinal);

        var problem = await (await writer.SubmitAsync(spec)).ReadProblemAsync(400);

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "dataset");
        Assert.Contains($"no folder at '{Path.Combine(host.Root, "digits")}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
