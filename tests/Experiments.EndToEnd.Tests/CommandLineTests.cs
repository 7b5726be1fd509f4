namespace Experiments.EndToEnd.Tests;

/// <summary>
/// Bad command-line values and unusable paths are reported before anything starts: exit 2, one line naming
/// the option or path, the value and what is allowed, no stack trace, nothing created.
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--workers abc", "--workers: 'abc' is not a whole number; allowed: 0 to 256")]
    [InlineData("--workers 99999999999", "--workers: '99999999999' is out of range; allowed: 0 to 256")]
    [InlineData("--workers -1", "--workers: '-1' is out of range; allowed: 0 to 256")]
    [InlineData("--workers 257", "--workers: '257' is out of range; allowed: 0 to 256")]
    [InlineData("--workers", "--workers: no value given; allowed: 0 to 256")]
    [InlineData("--device gpu", "--device: 'gpu' is not allowed; allowed: cpu, cuda")]
    [InlineData("--state-dir", "--state-dir: no value given; allowed: a folder, created when missing")]
    public async Task A_bad_option_value_exits_2_with_one_line_naming_the_option_the_value_and_what_is_allowed(string options, string expected)
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-options", maxTrials: 1, parallel: 1, epochs: 1));

        var result = await CliProcess.RunAsync(workspace.Directory, null, ["run", spec, .. options.Split(' ')]);

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Equal([expected, "Run 'experiments run --help' for usage."], Lines(result.StandardError));
        AssertNothingStarted(workspace, result);
    }

    [Fact]
    public async Task A_state_dir_that_is_a_file_exits_2_naming_it()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-state-file", maxTrials: 1, parallel: 1, epochs: 1));
        var file = Path.Combine(workspace.Directory, "state-file");
        File.WriteAllText(file, "not a folder");

        var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--state-dir", "state-file", "--device", "cpu");

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Equal([$"--state-dir: '{file}' is a file, not a folder; pass a folder (it is created when missing)."], Lines(result.StandardError));
        Assert.Equal("not a folder", File.ReadAllText(file));
        AssertNothingStarted(workspace, result);
    }

    [Fact]
    public async Task A_state_dir_on_a_read_only_mount_exits_2_with_the_path_and_the_reason()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-state-ro", maxTrials: 1, parallel: 1, epochs: 1));
        var readOnly = Directory.CreateDirectory(Path.Combine(workspace.Directory, "read-only")).FullName;
        using var mount = ReadOnlyBindMount.TryCreate(readOnly, out var reason);
        if (mount is null)
        {
            Assert.Skip($"A read-only bind mount is not permitted here: {reason}");
        }

        var existing = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--state-dir", "read-only", "--device", "cpu");
        var missing = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--state-dir", "read-only/state", "--device", "cpu");

        Assert.True(existing.ExitCode == 2, existing.Transcript);
        Assert.Equal([$"--state-dir: cannot write in the folder '{readOnly}': Read-only file system; pass a writable folder."], Lines(existing.StandardError));
        Assert.True(missing.ExitCode == 2, missing.Transcript);
        Assert.Equal(
            [$"--state-dir: cannot create the folder '{Path.Combine(readOnly, "state")}': Read-only file system; pass a folder that can be created and written."],
            Lines(missing.StandardError));
        AssertNothingStarted(workspace, existing);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("run")]
    public async Task A_folder_given_as_the_spec_exits_2_saying_it_is_a_folder(string command)
    {
        using var workspace = new TestWorkspace();
        var folder = Directory.CreateDirectory(Path.Combine(workspace.Directory, "specs")).FullName;

        var result = await CliProcess.RunAsync(workspace.Directory, null, command, "specs");

        Assert.True(result.ExitCode == 2, result.Transcript);
        Assert.Equal(
            [$"specs:0:0: (file): '{folder}' is a folder, not a spec file; pass the path of a YAML spec file", "1 error(s); nothing was run."],
            Lines(result.StandardError));
        AssertNothingStarted(workspace, result);
    }

    [Fact]
    public async Task A_second_run_on_a_locked_state_folder_is_refused_with_exit_1()
    {
        using var workspace = new TestWorkspace();
        var spec = workspace.WriteSpec(TinySpecs.Vae("e2e-locked", maxTrials: 1, parallel: 1, epochs: 1));
        Directory.CreateDirectory(workspace.StateDirectory);

        // The same kind of lock a running 'experiments run' holds on its state folder.
        using (new FileStream(Path.Combine(workspace.StateDirectory, "run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = await CliProcess.RunAsync(workspace.Directory, null, "run", spec, "--device", "cpu");

            Assert.True(result.ExitCode == 1, result.Transcript);
            Assert.Contains($"Another 'experiments run' is using the state folder {workspace.StateDirectory}.", result.StandardError, StringComparison.Ordinal);
            Assert.False(Directory.Exists(workspace.MlrunsDirectory), result.Transcript);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertNothingStarted(TestWorkspace workspace, CliResult result)
    {
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.MlrunsDirectory), $"mlruns was created.{Environment.NewLine}{result.Transcript}");
        Assert.False(Directory.Exists(workspace.StateDirectory), $".experiments was created.{Environment.NewLine}{result.Transcript}");
    }
}
