using Experiments.Contracts.Api;
using Experiments.Testing;

namespace Experiments.Api.Tests;

public sealed class DamagedStateTests
{
    [Fact]
    public async Task A_sweep_whose_state_file_is_damaged_is_a_server_problem_without_a_stack_trace_and_listed_as_unavailable()
    {
        using var folder = new TemporaryFolder();
        Guid sweepId;
        await using (var before = await ApiHost.StartAsync(root: folder.Path))
        {
            var writer = before.Client(ApiTokens.Write);
            var name = FunctionSpecs.UniqueName("damaged");
            before.Script.Hold(name);
            sweepId = (await (await writer.SubmitAsync(FunctionSpecs.Branin(name, maxTrials: 1, parallel: 1))).ReadAsync<SweepSubmission>()).SweepId;
            await writer.PostEmptyAsync($"/api/sweeps/{sweepId}/stop");
        }

        var file = Directory.GetFiles(Path.Combine(folder.Path, "state"), $"sweep_{sweepId:N}*.state").Single();
        var contents = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(file, contents[..^8], TestContext.Current.CancellationToken);

        await using var after = await ApiHost.StartAsync(root: folder.Path);
        var reader = after.Client(ApiTokens.Read);
        var problem = await (await reader.GetResponseAsync($"/api/sweeps/{sweepId}")).ReadProblemAsync(500);
        var listed = (await (await reader.GetResponseAsync("/api/sweeps")).ReadAsync<List<SweepSummary>>()).Single(s => s.SweepId == sweepId);

        Assert.Equal("Damaged grain state", problem.GetProperty("title").GetString());
        Assert.Contains($"The state file {file} is damaged", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("UNAVAILABLE", listed.Status);
        Assert.Contains("is damaged", listed.Problem, StringComparison.Ordinal);
    }
}
