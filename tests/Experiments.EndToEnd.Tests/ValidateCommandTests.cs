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
    public async Task Validate_checks_a_spec_against_the_model_catalog_without_loading_libtorch()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-no-torch", maxTrials: 1, parallel: 1, epochs: 1));

        // The dynamic loader lists every shared library it opens, dlopen included (how .NET loads native code).
        var result = await CliProcess.RunAsync(workspace.Directory, new Dictionary<string, string?> { ["LD_DEBUG"] = "files" }, "validate", spec);

        Assert.True(result.ExitCode == 0, result.Transcript);
        Assert.Contains("libcoreclr.so", result.StandardError, StringComparison.Ordinal); // the listing works
        Assert.DoesNotContain("libtorch", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("libLibTorchSharp", result.StandardError, StringComparison.Ordinal);
    }

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

    [Fact]
    public async Task Validate_rejects_a_data_set_folder_with_a_truncated_idx_file_naming_the_file()
    {
        using var workspace = new TestWorkspace();
        var data = Directory.CreateDirectory(Path.Combine(workspace.Directory, "digits")).FullName;
        var images = ShippedImages();
        var train = Path.Combine(data, "train-images-idx3-ubyte");
        File.WriteAllBytes(train, images[..(16 + 20)]);
        File.WriteAllBytes(Path.Combine(data, "t10k-images-idx3-ubyte"), images);
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-truncated", maxTrials: 1, parallel: 1, epochs: 1).Replace("dataset: mnist", "dataset: digits", StringComparison.Ordinal));

        var validate = await CliProcess.RunAsync(workspace.Directory, null, "validate", spec);
        var run = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");

        var expected = $"spec.yaml:3:10: dataset: IDX file '{train}' is truncated: its header declares {images.Length - 16} data bytes but only 20 follow";
        Assert.True(validate.ExitCode == 2, validate.Transcript);
        Assert.Contains(expected, validate.StandardError, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 2, run.Transcript);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        AssertNothingCreated(workspace, run);
    }

    [Fact]
    public async Task Validate_rejects_a_garbled_idx_file_naming_the_file()
    {
        using var workspace = new TestWorkspace();
        var data = Directory.CreateDirectory(Path.Combine(workspace.Directory, "digits")).FullName;
        var images = ShippedImages();
        "garbage, not IDX"u8.CopyTo(images);
        var path = Path.Combine(data, "digits-images-idx3-ubyte");
        File.WriteAllBytes(path, images);
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-garbled", maxTrials: 1, parallel: 1, epochs: 1).Replace("dataset: mnist", "dataset: digits", StringComparison.Ordinal));

        var result = await CliProcess.RunAsync(workspace.Directory, null, "validate", spec);

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Contains(
            $"spec.yaml:3:10: dataset: IDX file '{path}' has magic number 0x67617262, expected 0x00000803 for idx3-ubyte images",
            result.StandardError,
            StringComparison.Ordinal);
        AssertNothingCreated(workspace, result);
    }

    /// <summary>The real digits shipped next to the CLI, decompressed: header and pixels.</summary>
    private static byte[] ShippedImages()
    {
        var shipped = Path.Combine(Path.GetDirectoryName(CliLocator.ExperimentsDll)!, "data", "mnist", "mnist-10k-images-idx3-ubyte.gz");
        using var file = File.OpenRead(shipped);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static void AssertNothingCreated(TestWorkspace workspace, CliResult result)
    {
        Assert.False(Directory.Exists(workspace.MlrunsDirectory), $"mlruns was created.{Environment.NewLine}{result.Transcript}");
        Assert.False(Directory.Exists(workspace.StateDirectory), $".experiments was created.{Environment.NewLine}{result.Transcript}");
    }
}
