namespace Experiments.Api.Tests;

public sealed class LookupErrorTests(ApiHost host)
{
    private readonly HttpClient writer = host.Client(ApiTokens.Write);

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/trials")]
    [InlineData("GET", "/leaderboard")]
    [InlineData("POST", "/stop")]
    [InlineData("POST", "/resume")]
    public async Task An_unknown_sweep_is_not_found_and_a_malformed_id_is_a_bad_request(string method, string suffix)
    {
        var unknown = await SendAsync(method, $"/api/sweeps/{Guid.NewGuid()}{suffix}");
        var malformed = await SendAsync(method, $"/api/sweeps/not-a-guid{suffix}");

        Assert.Contains("GET /api/sweeps", (await unknown.ReadProblemAsync(404)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("GUID", (await malformed.ReadProblemAsync(400)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_experiment_is_not_found()
    {
        var problem = await (await writer.GetResponseAsync($"/api/experiments/{FunctionSpecs.UniqueName("unknown")}")).ReadProblemAsync(404);

        Assert.Contains("GET /api/experiments", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path) =>
        writer.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
}
