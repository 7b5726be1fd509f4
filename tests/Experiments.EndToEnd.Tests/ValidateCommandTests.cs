namespace Experiments.EndToEnd.Tests;

/// <summary>An invalid spec is reported with file, line, column and field, and nothing is run or written.</summary>
public sealed class ValidateCommandTests
{
    // Line 9 holds the misspelt key, line 15 the inverted bounds (1-based, as the CLI reports them).
    private const string BrokenSpec = """
        name: e2e-broken
        model: vae
        dataset: mnist
        objective:
          metric: elbo
        budget:
          max_trials: 2
          epochs: 1
          paralel: 1
        search:
          algorithm: random
          seed: 3
        parameters:
          batch_size: 128
          learning_rate: {type: loguniform, min: 3.0e-3, max: 1.0e-3}

        """;

    [Fact]
    public async Task Validate_reports_every_error_with_its_location_and_exits_2()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(BrokenSpec);

        var result = await CliProcess.RunAsync(workspace.Directory, null, "validate", spec);

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Matches(@"spec\.yaml:9:\d+: budget\.paralel:", result.StandardError);
        Assert.Matches(@"spec\.yaml:15:\d+: parameters\.learning_rate", result.StandardError);
        AssertNothingCreated(workspace, result);
    }

    [Fact]
    public async Task Run_of_an_invalid_spec_exits_2_and_creates_nothing()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(BrokenSpec);

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Matches(@"spec\.yaml:9:\d+: budget\.paralel:", result.StandardError);
        AssertNothingCreated(workspace, result);
    }

    [Fact]
    public async Task Validate_accepts_a_valid_spec()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-valid", maxTrials: 2, parallel: 1, epochs: 1));

        var result = await CliProcess.RunAsync(workspace.Directory, null, "validate", spec);

        Assert.True(result.ExitCode == 0, result.Transcript);
        AssertNothingCreated(workspace, result);
    }

    private static void AssertNothingCreated(TestWorkspace workspace, CliResult result)
    {
        Assert.False(Directory.Exists(workspace.MlrunsDirectory), $"mlruns was created.{Environment.NewLine}{result.Transcript}");
        Assert.False(Directory.Exists(workspace.StateDirectory), $".experiments was created.{Environment.NewLine}{result.Transcript}");
    }
}
