using Experiments.Contracts.Api;

namespace Experiments.Api.Tests;

public sealed class TrialAndLeaderboardTests(ApiHost host)
{
    private readonly HttpClient reader = host.Client(ApiTokens.Read);

    private readonly HttpClient writer = host.Client(ApiTokens.Write);

    [Fact]
    public async Task Trials_come_a_page_at_a_time_by_number_with_parameters_metrics_and_the_total()
    {
        var sweepId = await RunAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("paging"), maxTrials: 7, parallel: 3, epochs: 3));

        var first = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials?offset=0&limit=3")).ReadAsync<TrialPage>();
        var middle = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials?offset=3&limit=3")).ReadAsync<TrialPage>();
        var last = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials?offset=6&limit=3")).ReadAsync<TrialPage>();
        var beyond = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials?offset=10")).ReadAsync<TrialPage>();
        var all = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials")).ReadAsync<TrialPage>();

        Assert.Equal((sweepId, 7, 0, 3), (first.SweepId, first.Total, first.Offset, first.Limit));
        Assert.Equal([0, 1, 2], first.Trials.Select(t => t.Number));
        Assert.Equal([3, 4, 5], middle.Trials.Select(t => t.Number));
        Assert.Equal([6], last.Trials.Select(t => t.Number));
        Assert.Equal((7, 10, 100), (beyond.Total, beyond.Offset, beyond.Limit));
        Assert.Empty(beyond.Trials);
        Assert.Equal((0, 100), (all.Offset, all.Limit));
        Assert.Equal(Enumerable.Range(0, 7), all.Trials.Select(t => t.Number));
        Assert.All(all.Trials, trial =>
        {
            var x1 = trial.Parameters["x1"].GetDouble();
            Assert.Equal(["x1", "x2"], trial.Parameters.Keys);
            Assert.InRange(x1, -5, 10);
            Assert.InRange(trial.Parameters["x2"].GetDouble(), 0, 15);
            Assert.Equal(("COMPLETED", 1, 3, 3), (trial.Status, trial.Attempt, trial.Epoch, trial.Epochs));
            Assert.Equal(x1, trial.Objective);
            Assert.Equal(x1, trial.BestObjective);
            Assert.Equal(x1, trial.Metrics["value"]);
            Assert.Equal("scripted-worker", trial.WorkerHost);
            Assert.Null(trial.FailureReason);
            Assert.NotNull(trial.RunKey);
        });
    }

    [Theory]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=abc", "offset")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=2.5", "limit")]
    public async Task Paging_values_out_of_range_are_refused_naming_the_parameter(string query, string parameter)
    {
        var sweepId = await RunAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("badpage"), maxTrials: 1, parallel: 1));

        var problem = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials?{query}")).ReadProblemAsync(400);

        Assert.StartsWith($"{parameter}: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minimize")]
    [InlineData("maximize")]
    public async Task The_leaderboard_ranks_completed_trials_by_the_objective_in_the_direction_of_the_goal(string goal)
    {
        var sweepId = await RunAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName(goal), maxTrials: 6, parallel: 3, goal: goal));
        var trials = (await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials")).ReadAsync<TrialPage>()).Trials;

        var board = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/leaderboard")).ReadAsync<Leaderboard>();
        var top3 = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/leaderboard?top=3")).ReadAsync<Leaderboard>();

        var expected = goal == "minimize" ? trials.OrderBy(t => t.Objective) : trials.OrderByDescending(t => t.Objective);
        Assert.Equal(expected.Select(t => t.Number), board.Entries.Select(e => e.TrialNumber));
        Assert.Equal([1, 2, 3, 4, 5, 6], board.Entries.Select(e => e.Rank!.Value));
        Assert.Equal(("value", goal, "COMPLETED"), (board.ObjectiveMetric, board.Goal, board.Status));
        Assert.All(board.Entries, e => Assert.False(e.Pruned));
        Assert.All(board.Entries, e => Assert.Equal(e.Parameters["x1"].GetDouble(), e.Objective));
        Assert.Equal(board.Entries.Take(3), top3.Entries, (a, b) => a.TrialId == b.TrialId && a.Rank == b.Rank);
        var detail = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}")).ReadAsync<SweepDetail>();
        Assert.Equal(board.Entries[0].TrialId, detail.BestTrialId);
    }

    [Fact]
    public async Task Pruned_trials_follow_the_ranked_ones_marked_and_unranked()
    {
        // One trial at a time, so the median rule judges each against those completed before it.
        var spec = FunctionSpecs.Branin(
            FunctionSpecs.UniqueName("pruned"),
            maxTrials: 8,
            parallel: 1,
            epochs: 3,
            scheduler: "scheduler: {name: median, startup_trials: 2, warmup_epochs: 0}");
        var sweepId = await RunAsync(spec);
        var trials = (await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials")).ReadAsync<TrialPage>()).Trials;

        var board = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/leaderboard?top=100")).ReadAsync<Leaderboard>();

        var completed = trials.Where(t => t.Status == "COMPLETED").OrderBy(t => t.Objective).ToList();
        var pruned = trials.Where(t => t.Status == "PRUNED").OrderBy(t => t.Objective).ToList();
        Assert.NotEmpty(pruned);
        Assert.Equal(completed.Concat(pruned).Select(t => t.Number), board.Entries.Select(e => e.TrialNumber));
        Assert.Equal(Enumerable.Range(1, completed.Count).Select(r => (int?)r).Concat(pruned.Select(_ => (int?)null)), board.Entries.Select(e => e.Rank));
        Assert.Equal(pruned.Select(t => t.TrialId), board.Entries.Where(e => e.Pruned).Select(e => e.TrialId));
        Assert.All(pruned, t => Assert.Contains("median stopping", t.FailureReason, StringComparison.Ordinal));
        var counts = (await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}")).ReadAsync<SweepDetail>()).Trials;
        Assert.Equal((8, completed.Count, pruned.Count), (counts.Total, counts.Completed, counts.Pruned));
    }

    [Fact]
    public async Task Objectives_that_are_not_numbers_are_written_as_NaN_and_never_ranked()
    {
        var name = FunctionSpecs.UniqueName("diverge");
        host.Script.Diverge(name);
        var sweepId = await RunAsync(FunctionSpecs.Branin(name, maxTrials: 2, parallel: 2));

        var trials = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/trials")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var board = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/leaderboard")).ReadAsync<Leaderboard>();
        var sweeps = await (await reader.GetResponseAsync("/api/sweeps")).ReadAsync<List<SweepSummary>>();

        Assert.Contains("\"objective\":\"NaN\"", trials, StringComparison.Ordinal);
        Assert.Contains("\"metrics\":{\"value\":\"NaN\"}", trials, StringComparison.Ordinal);
        Assert.Equal(2, board.Entries.Count);
        Assert.All(board.Entries, e => Assert.Null(e.Rank));
        Assert.All(board.Entries, e => Assert.True(double.IsNaN(e.Objective!.Value)));
        Assert.Equal("COMPLETED", sweeps.Single(s => s.SweepId == sweepId).Status);
    }

    [Fact]
    public async Task A_bad_top_is_refused()
    {
        var sweepId = await RunAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("badtop"), maxTrials: 1, parallel: 1));

        var problem = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}/leaderboard?top=0")).ReadProblemAsync(400);

        Assert.StartsWith("top: '0'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<Guid> RunAsync(string spec)
    {
        var submitted = await (await writer.SubmitAsync(spec)).ReadAsync<SweepSubmission>();
        Assert.Equal("COMPLETED", (await SweepPolling.UntilFinishedAsync(reader, submitted.SweepId)).Status);
        return submitted.SweepId;
    }
}
