using System.Text;
using System.Text.Json;

namespace Experiments.Api.Tests;

public sealed class InvalidSubmissionTests(ApiHost host)
{
    private readonly HttpClient writer = host.Client(ApiTokens.Write);

    [Fact]
    public async Task An_invalid_spec_is_a_problem_listing_every_mistake_with_its_position_and_nothing_runs()
    {
        var name = FunctionSpecs.UniqueName("invalid");
        var spec = FunctionSpecs.Branin(name)
            .Replace("model: function", "model: gan2", StringComparison.Ordinal)
            .Replace("max_trials: 4", "max_trials: two", StringComparison.Ordinal);

        var problem = await (await writer.SubmitAsync(spec, "?name=bad.yaml")).ReadProblemAsync(400);

        Assert.Equal("Invalid spec", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var model = Assert.Single(errors, e => e.GetProperty("field").GetString() == "model");
        Assert.Equal(("bad.yaml", 2, 8), (model.GetProperty("file").GetString(), model.GetProperty("line").GetInt32(), model.GetProperty("column").GetInt32()));
        Assert.Contains("unknown model 'gan2'", model.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("function", model.GetProperty("message").GetString(), StringComparison.Ordinal);
        var budget = Assert.Single(errors, e => e.GetProperty("field").GetString() == "budget.max_trials");
        Assert.Equal((8, 15), (budget.GetProperty("line").GetInt32(), budget.GetProperty("column").GetInt32()));
        // The detail reads as the CLI prints it.
        Assert.Contains("bad.yaml:2:8: model: unknown model 'gan2'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Script.DispatchedFor(name));
        var sweeps = await (await writer.GetResponseAsync("/api/sweeps")).ReadAsync<List<Contracts.Api.SweepSummary>>();
        Assert.DoesNotContain(sweeps, s => s.Experiment == name);
    }

    [Fact]
    public async Task Yaml_that_does_not_parse_is_reported_at_its_position_under_the_default_file_name()
    {
        var problem = await (await writer.SubmitAsync("name: broken\nmodel: [function\n")).ReadProblemAsync(400);

        var error = problem.GetProperty("errors").EnumerateArray().First();
        Assert.Equal("spec.yaml", error.GetProperty("file").GetString());
        Assert.Equal("(document)", error.GetProperty("field").GetString());
        Assert.True(error.GetProperty("line").GetInt32() >= 2);
        Assert.True(error.GetProperty("column").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_spec_larger_than_one_mebibyte_is_refused_as_too_large()
    {
        var spec = FunctionSpecs.Branin(FunctionSpecs.UniqueName("large")) + "# " + new string('x', 1024 * 1024) + "\n";

        var declared = await (await writer.SubmitAsync(spec)).ReadProblemAsync(413);
        var chunked = await (await writer.PostAsync("/api/sweeps", new UnknownLengthContent(spec, "application/yaml"), TestContext.Current.CancellationToken)).ReadProblemAsync(413);

        Assert.Contains("1048576 bytes", declared.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(declared.GetProperty("detail").GetString(), chunked.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/x-yaml")]
    [InlineData("text/yaml")]
    [InlineData("text/plain")]
    public async Task Every_yaml_media_type_is_accepted(string mediaType)
    {
        var response = await writer.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("media"), maxTrials: 1, parallel: 1), mediaType: mediaType);

        Assert.True((await response.ReadAsync<Contracts.Api.SweepSubmission>()).Created);
    }

    [Fact]
    public async Task Other_media_types_empty_bodies_text_that_is_not_utf8_and_bad_flags_are_refused()
    {
        var json = await (await writer.SubmitAsync("{\"name\": \"x\"}", mediaType: "application/json")).ReadProblemAsync(415);
        Assert.Contains("application/yaml", json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await (await writer.SubmitAsync(string.Empty)).ReadProblemAsync(400);

        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes("name: caf"), 0xE9, (byte)'\n']);
        latin1.Headers.ContentType = new("application/yaml");
        var notUtf8 = await (await writer.PostAsync("/api/sweeps", latin1, TestContext.Current.CancellationToken)).ReadProblemAsync(400);
        Assert.Contains("UTF-8", notUtf8.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var flag = await (await writer.SubmitAsync(FunctionSpecs.Branin(FunctionSpecs.UniqueName("flag")), "?new=maybe")).ReadProblemAsync(400);
        Assert.StartsWith("new: 'maybe'", flag.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_details_carry_a_trace_id_to_find_the_request_in_the_log()
    {
        var problem = await (await writer.SubmitAsync("name: [")).ReadProblemAsync(400);

        Assert.Equal(JsonValueKind.String, problem.GetProperty("traceId").ValueKind);
    }
}
