using Experiments.Contracts.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Experiments.Api.Tests;

public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Without_tokens_the_host_refuses_to_start_naming_the_settings_to_use()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartWithoutSiloAsync([]));

        Assert.Contains("Experiments:Api:WriteToken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experiments__Api__WriteToken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experiments:Api:AllowAnonymous=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_token_is_refused_without_showing_it()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartWithoutSiloAsync(new() { ["Experiments:Api:WriteToken"] = "secret-1" }));

        Assert.Contains("write token", failure.Message, StringComparison.Ordinal);
        Assert.Contains("shorter than 16 characters", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_access_cannot_be_combined_with_tokens()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartWithoutSiloAsync(new()
        {
            ["Experiments:Api:AllowAnonymous"] = "true",
            ["Experiments:Api:ReadToken"] = ApiTokens.Read,
        }));

        Assert.Contains("cannot be combined", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_anonymous_access_allowed_every_endpoint_answers_without_a_token()
    {
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Experiments:Api:AllowAnonymous"] = "true" });
        var anonymous = host.Client(token: null);

        var submitted = await (await anonymous.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("anonymous"), maxTrials: 1, parallel: 1))).ReadAsync<SweepSubmission>();

        Assert.True(submitted.Created);
        Assert.Equal("COMPLETED", (await SweepPolling.UntilFinishedAsync(anonymous, submitted.SweepId)).Status);
        Assert.Single(await (await anonymous.GetResponseAsync("/api/experiments")).ReadAsync<List<ExperimentSummary>>());
    }

    /// <summary>Options are checked when the host starts, before the silo would matter.</summary>
    private static async Task StartWithoutSiloAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(builder.WebHost);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddExperimentsApi(builder.Configuration);
        await using var app = builder.Build();
        app.MapExperimentsApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
