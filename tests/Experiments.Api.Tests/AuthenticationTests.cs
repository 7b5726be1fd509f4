using System.Net;
using System.Net.Http.Headers;
using Experiments.Contracts.Api;
using Microsoft.AspNetCore.TestHost;

namespace Experiments.Api.Tests;

public sealed class AuthenticationTests(ApiHost host)
{
    public static TheoryData<string, string> Endpoints { get; } = new()
    {
        { "GET", "/api/sweeps" },
        { "GET", $"/api/sweeps/{Guid.Empty}" },
        { "GET", $"/api/sweeps/{Guid.Empty}/trials" },
        { "GET", $"/api/sweeps/{Guid.Empty}/leaderboard" },
        { "GET", "/api/experiments" },
        { "GET", "/api/experiments/some-experiment" },
        { "POST", "/api/sweeps" },
        { "POST", $"/api/sweeps/{Guid.Empty}/stop" },
        { "POST", $"/api/sweeps/{Guid.Empty}/resume" },
    };

    public static TheoryData<string> WriteEndpoints { get; } =
    [
        "/api/sweeps",
        $"/api/sweeps/{Guid.Empty}/stop",
        $"/api/sweeps/{Guid.Empty}/resume",
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_a_request_without_a_token_with_a_bearer_challenge(string method, string path)
    {
        var response = await SendAsync(host.Client(token: null), method, path);

        var problem = await response.ReadProblemAsync(401);
        Assert.Equal("Bearer realm=\"experiments\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(host.Logs.Messages, m => m.Contains($"Refused {method} {path} from ", StringComparison.Ordinal) && m.Contains("no bearer token", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_an_unknown_token_and_the_log_names_the_request_but_never_the_token(string method, string path)
    {
        var response = await SendAsync(host.Client(ApiTokens.Unknown), method, path);

        await response.ReadProblemAsync(401);
        Assert.Equal("Bearer realm=\"experiments\", error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Contains(host.Logs.Messages, m => m.Contains($"Refused {method} {path} from ", StringComparison.Ordinal) && m.Contains("an unknown bearer token", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Messages, m => ApiTokens.All.Any(token => m.Contains(token, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refusal_is_logged_with_the_callers_address()
    {
        var context = await host.App.GetTestServer().SendAsync(request =>
        {
            request.Request.Method = "POST";
            request.Request.Path = "/api/sweeps";
            request.Request.Headers.Authorization = $"Bearer {ApiTokens.Unknown}";
            request.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        }, TestContext.Current.CancellationToken);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Contains(host.Logs.Messages, m => m.Contains("Refused POST /api/sweeps from 203.0.113.7: an unknown bearer token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_that_is_not_a_bearer_token_or_differs_in_one_character_is_refused()
    {
        var basic = host.Client(token: null);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("user:pass"u8.ToArray()));
        var almost = host.Client(ApiTokens.Write[..^1] + "1");
        var longer = host.Client(ApiTokens.Write + "0");

        await (await basic.GetResponseAsync("/api/sweeps")).ReadProblemAsync(401);
        await (await almost.GetResponseAsync("/api/sweeps")).ReadProblemAsync(401);
        await (await longer.GetResponseAsync("/api/sweeps")).ReadProblemAsync(401);
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task A_read_token_may_not_write(string path)
    {
        var reader = host.Client(ApiTokens.Read);

        var response = await reader.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("forbidden")), string.Empty);
        var control = await reader.PostEmptyAsync(path);

        Assert.Contains("write token", (await response.ReadProblemAsync(403)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await control.ReadProblemAsync(403);
        Assert.Contains(host.Logs.Messages, m => m.Contains($"Refused POST {path} from ", StringComparison.Ordinal) && m.Contains("read token 1 may only read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_token_reads_and_a_write_token_reads_and_writes()
    {
        var reader = host.Client(ApiTokens.Read);
        var writer = host.Client(ApiTokens.Write);

        var submitted = await writer.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("allowed"), maxTrials: 1, parallel: 1));
        var sweepId = (await submitted.ReadAsync<SweepSubmission>()).SweepId;

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetResponseAsync($"/api/sweeps/{sweepId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetResponseAsync($"/api/sweeps/{sweepId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetResponseAsync("/api/experiments")).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
}
